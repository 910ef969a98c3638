import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { type FuzzTarget, fuzzOpenTarget, openFuzzTarget } from '../../integrations/fuzz-server.js';
import { rawReplay } from './raw-replay.js';

let server: ReferenceServer;
let target: FuzzTarget;

beforeAll(async () => {
  server = await startReferenceServer();
  target = await openFuzzTarget({
    target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
    credentials: referenceCredentials,
  });
});

afterAll(async () => {
  await target.close();
  await server.close();
});

describe("the bench's raw replay", () => {
  it('sends exactly the inputs the campaign sends for the same seed and runs', async () => {
    const runs = 300;
    const seed = 1928;
    const campaign = await fuzzOpenTarget(target, { seed, runs, jobs: 8 });
    expect(campaign.finding).toBeUndefined();
    const raw = await rawReplay({ host: server.host, port: server.port }, referenceCredentials, {
      runs,
      seed,
      jobs: 8,
      echo: target.env.encode.echo,
    });
    expect(campaign.stats.skipped).toBeGreaterThan(0);
    expect(raw.sent).toBe(runs - campaign.stats.skipped);
  });
});
