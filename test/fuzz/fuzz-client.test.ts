import { describe, expect, it } from 'vitest';
import { fuzzClient, replayClientInput } from '../../integrations/fuzz-client.js';
import { clientFuzzScript } from '../../suites/fuzz/client-fuzz.js';
import { referenceClient } from '../client/reference-adapter.js';

/** Deadlines at a quarter: the scripted server watches a client for 0.5 s instead of 2 s after a failure. */
const timeoutMultiplier = 0.25;

describe('fuzz client', () => {
  it('finds nothing on the reference client', async () => {
    const { result, unreached } = await fuzzClient({
      client: referenceClient('socks5h'),
      seed: 3,
      runs: 40,
      timeoutMultiplier,
    });
    expect(unreached).toBe(0);
    expect(result.finding).toBeUndefined();
  }, 120_000);

  it('finds a client that takes a failure reply for success, shrinks the reply and replays it', async () => {
    const client = referenceClient('socks5h', ['failure-reply-as-success']);
    const { result } = await fuzzClient({ client, seed: 3, runs: 100, timeoutMultiplier });
    const finding = result.finding!;
    expect(finding).toBeDefined();
    expect(finding.clause).toBe('rfc1928/6-rep-codes');
    expect(finding.what).toContain('took a reply that grants nothing for success and sent data');
    // The smallest failure: REP 01 in an otherwise plain reply, written whole.
    expect(finding.input).toEqual({
      socks5: { rep: 1, bnd: 'ipv4' },
      socks4: { code: 90 },
      chunking: 'whole',
    });
    expect(clientFuzzScript(finding.input).socks5?.reply.toString('hex')).toBe('050100017f0000019c40');
    const replay = await replayClientInput(finding.input, { client, timeoutMultiplier });
    expect(replay).toMatchObject({ ok: false, clause: 'rfc1928/6-rep-codes' });
  }, 120_000);
});
