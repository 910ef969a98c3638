import { describe, expect, it } from 'vitest';
import { defectsOf, describeFailCount } from '../../harness/model/defects.js';
import type { CaseResult } from '../../harness/model/result.js';
import type { Verdict } from '../../harness/model/verdict.js';

function result(id: string, verdict: Verdict, fields: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    verdict,
    clause: 'rfc1928/6-connect-outcome',
    clauses: ['rfc1928/6-connect-outcome'],
    level: 'DESC',
    role: 'server',
    section: 'RFC 1928 §6',
    title: id,
    requirement: '',
    expected: [
      { verdict: 'PASS', when: 'REP 00' },
      { verdict: 'FAIL', when: 'no reply to the request' },
    ],
    ...(verdict === 'FAIL' ? { matched: 1 } : { matched: 0 }),
    observed: '',
    checks: [],
    durationMs: 1,
    trace: [],
    rerun: '',
    ...fields,
  };
}

const notReached = (id: string, owner: string): CaseResult =>
  result(id, 'FAIL', {
    clause: 'rfc1928/3-select-offered',
    kind: 'not-reached',
    reason: `not reached: the method selection fails when the client writes bytewise (${owner} judges that)`,
  });

describe('distinct defects', () => {
  it('puts every variant not reached, and the case that judges its segmentation, in one defect', () => {
    const results = [
      result('socks5/method/greeting-bytewise', 'FAIL', { clause: 'rfc1928/3-select-offered' }),
      result('socks5/connect/echo', 'PASS'),
      notReached('socks5/connect/echo/bytewise', 'socks5/method/greeting-bytewise'),
      result('socks5/udp/relay', 'UNSUPPORTED'),
      notReached('socks5/udp/relay/bytewise', 'socks5/method/greeting-bytewise'),
    ];
    expect(defectsOf(results)).toEqual([
      {
        clause: 'rfc1928/3-select-offered',
        title: 'a message split across segments is not reassembled',
        cases: [
          'socks5/method/greeting-bytewise',
          'socks5/connect/echo/bytewise',
          'socks5/udp/relay/bytewise',
        ],
      },
    ]);
    expect(describeFailCount(results)).toBe('3 FAIL: 1 defect');
  });

  it('counts a variant that fails where its plain case passes as the segmentation defect', () => {
    const results = [
      result('a', 'PASS'),
      result('a/coalesced', 'FAIL'),
      result('b', 'PASS'),
      result('b/coalesced', 'FAIL'),
    ];
    expect(defectsOf(results).map((d) => [d.title, d.cases])).toEqual([
      ['messages that arrive together in one segment are not all read', ['a/coalesced', 'b/coalesced']],
    ]);
  });

  it('groups other FAILs by clause and matched outcome, and a variant of a failing case with it', () => {
    const results = [
      result('a', 'FAIL'),
      result('a/bytewise', 'FAIL'),
      result('b', 'FAIL'),
      result('c', 'FAIL', { clause: 'rfc1928/6-rsv' }),
      result('d', 'FAIL', { matched: undefined }),
    ];
    expect(defectsOf(results).map((d) => [d.clause, d.title, d.cases])).toEqual([
      ['rfc1928/6-connect-outcome', 'no reply to the request', ['a', 'a/bytewise', 'b']],
      ['rfc1928/6-rsv', 'no reply to the request', ['c']],
      ['rfc1928/6-connect-outcome', 'matched no listed outcome of rfc1928/6-connect-outcome', ['d']],
    ]);
    expect(describeFailCount(results)).toBe('5 FAIL: 3 defects');
    expect(describeFailCount([result('a', 'PASS')])).toBe('');
  });
});
