import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCases } from '../../harness/model/case.js';
import { explain, skipped } from '../../harness/model/outcome.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';

const group = defineCases('test', 'test/engine/expect.test.ts', [
  {
    id: 'test/refused-feature',
    clauses: ['rfc1928/6-bind-first'],
    level: 'FMT',
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    title: 'a case whose target refuses the optional feature',
    requirement: 'none',
    run: async () => skipped('rfc1928/6-bind-first', 'UNSUPPORTED', "answered REP X'07'"),
  },
]);

describe('--expect', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  const verdictWith = async (expectFeatures: ('bind' | 'udp')[]) => {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        expect: expectFeatures,
      }),
      { groups: [group], version: 'test', rerun: () => '' },
    );
    if (outcome.kind !== 'ran') throw new Error(outcome.reason);
    return outcome.document.results[0];
  };

  it('leaves a refused optional feature UNSUPPORTED', async () => {
    expect((await verdictWith([]))?.verdict).toBe('UNSUPPORTED');
    expect((await verdictWith(['udp']))?.verdict).toBe('UNSUPPORTED');
  });

  it('makes it a FAIL when the feature is expected, and says why', async () => {
    const result = await verdictWith(['bind']);
    expect(result?.verdict).toBe('FAIL');
    expect(result?.kind).toBe('feature-required');
    expect(result && explain(result)).toContain('--expect bind');
  });
});
