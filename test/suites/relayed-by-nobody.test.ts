import { describe, expect, it } from 'vitest';
import { explain } from '../../harness/model/outcome.js';
import type { CaseResult } from '../../harness/model/result.js';
import type { Fault } from '../../harness/reference/faults.js';
import { runSuiteOnReference } from '../support/run-suite.js';

/**
 * Servers that answer as if they relayed while nothing does: every case that exercises the command on such a
 * server fails, also those (listed) that once passed because the harness took its own traffic for the relay's.
 */
const runOn = (fault: Fault, only: string) => runSuiteOnReference({ faults: new Set([fault]) }, [only]);

const shown = (results: readonly CaseResult[]) =>
  results.map((r) => `${r.id}: ${r.verdict} (${explain(r)}: ${r.observed})`);

describe('nothing relayed is never a PASS', () => {
  it('a UDP ASSOCIATE whose BND is the hint, with no relay, fails every case that associates', async () => {
    const results = await runOn('udp-bnd-is-hint', 'socks5/udp/*');
    // These check that nothing is relayed without an association; a server that relays nothing passes them.
    const unassociated = (id: string) => id.startsWith('socks5/udp/no-association-');
    const associating = results.filter((r) => !unassociated(r.id));
    expect(associating.length).toBeGreaterThan(20);
    expect(shown(associating.filter((r) => r.verdict === 'PASS'))).toEqual([]);
    for (const id of [
      'socks5/udp/hint-source',
      'socks5/udp/hint-source/bytewise',
      'socks5/udp/hint-source/coalesced',
    ]) {
      const result = results.find((r) => r.id === id);
      expect(result?.verdict, id).toBe('FAIL');
      expect(result?.observed).toContain("the client's own UDP socket");
    }
  }, 60_000);

  it.each([
    ['bind-names-dst', 'socks5/bind/*', ['socks5/bind/first-reply-bnd', 'socks5/bind/peer-from-other-host']],
    [
      'socks4-bind-names-dst',
      'socks4/bind/*',
      ['socks4/bind/two-replies', 'socks4/bind/peer-from-other-host'],
    ],
  ] as const)(
    'a BIND answered with BND = DST, never listening (%s), fails every BIND case',
    async (fault, only, once) => {
      const results = await runOn(fault, only);
      expect(results.length).toBeGreaterThan(2);
      expect(shown(results.filter((r) => r.verdict !== 'FAIL'))).toEqual([]);
      for (const id of once) {
        expect(results.find((r) => r.id === id)?.observed, id).toMatch(
          /refused|could not connect|ECONNREFUSED/,
        );
      }
    },
    60_000,
  );
});
