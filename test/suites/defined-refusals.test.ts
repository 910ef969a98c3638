import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../harness/reference/config.js';
import { Command, Reply } from '../../harness/wire/constants.js';
import { runSuiteOnReference } from '../support/run-suite.js';

/**
 * Rulesets that refuse one feature with a code the spec defines for the refusal. A server so configured is
 * conformant: no case may FAIL it, and every refusal must match a listed outcome (never "matched no outcome").
 */
const connect = 'socks5/connect/echo-both-ways';
const bind = 'socks5/bind/two-replies';
const udp = 'socks5/udp/relay-echo';
/** Each ruleset, and cases that need what it refuses: they must be UNSUPPORTED, never PASS. */
const rulesets: Record<string, { policy: readonly PolicyRule[]; refused: readonly string[] }> = {
  'CONNECT refused with REP 02': {
    policy: [{ command: Command.CONNECT, reply: Reply.NOT_ALLOWED }],
    refused: [connect, `${connect}/bytewise`, 'socks5/address/ipv4'],
  },
  'CONNECT refused with REP 07': {
    policy: [{ command: Command.CONNECT, reply: Reply.COMMAND_NOT_SUPPORTED }],
    refused: [connect, 'socks5/reply/success-format'],
  },
  'BIND refused with REP 02': {
    policy: [{ command: Command.BIND, reply: Reply.NOT_ALLOWED }],
    refused: [bind],
  },
  'BIND refused with REP 07': {
    policy: [{ command: Command.BIND, reply: Reply.COMMAND_NOT_SUPPORTED }],
    refused: [bind],
  },
  'UDP ASSOCIATE refused with REP 02': {
    policy: [{ command: Command.UDP_ASSOCIATE, reply: Reply.NOT_ALLOWED }],
    refused: [udp],
  },
  'UDP ASSOCIATE refused with REP 07': {
    policy: [{ command: Command.UDP_ASSOCIATE, reply: Reply.COMMAND_NOT_SUPPORTED }],
    refused: [udp, 'socks5/udp/hint-zeros'],
  },
  'IPv4 refused with REP 08': {
    policy: [{ addressType: 'ipv4', reply: Reply.ADDRESS_TYPE_NOT_SUPPORTED }],
    refused: [connect, 'socks5/address/ipv4', udp],
  },
  'IPv4 refused with REP 02': {
    policy: [{ addressType: 'ipv4', reply: Reply.NOT_ALLOWED }],
    refused: [connect, `${connect}/coalesced`],
  },
  'IPv6 refused with REP 08': {
    policy: [{ addressType: 'ipv6', reply: Reply.ADDRESS_TYPE_NOT_SUPPORTED }],
    refused: ['socks5/address/ipv6-loopback'],
  },
  'names refused with REP 08': {
    policy: [{ addressType: 'domain', reply: Reply.ADDRESS_TYPE_NOT_SUPPORTED }],
    refused: ['socks5/address/domain-resolvable'],
  },
  'SOCKS4 refused with CD 91': { policy: [{ socks4: 'rejected' }], refused: [] },
};

// One ruleset at a time: eleven full runs at once in one process, beside the rest of npm test on 2 cores, slow the
// reference's own timers past its 10 s negotiation bound and reset cases that would pass.
describe('a refusal the spec defines', () => {
  for (const [name, { policy, refused }] of Object.entries(rulesets)) {
    it(`is never a FAIL, and what it refuses never passes: ${name}`, async () => {
      const results = await runSuiteOnReference({ policy });
      const failed = results
        .filter((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR')
        .map((r) => `${r.id} ${r.verdict} [${r.clause}]: ${r.observed}`);
      expect(failed).toEqual([]);
      const verdictOf = (id: string) => results.find((r) => r.id === id)?.verdict;
      for (const id of refused) expect(verdictOf(id), id).toBe('UNSUPPORTED');
    }, 120_000);
  }
});
