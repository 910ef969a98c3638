import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, type Outcome, outcome, verify } from '../../../harness/model/outcome.js';
import type { CloseResult, TcpProbe } from '../../../harness/net/tcp-probe.js';

/** RFC 1928 §6: after a failure reply the server closes the connection "within 10 seconds". */
export const CLOSE_LIMIT_MS = 10_000;

export const CLOSE_CLAUSE = 'rfc1928/6-reply-close-10s';

export interface CloseRule {
  readonly clause: string;
  readonly limitMs: number;
  /** Outcomes that decide before the timing ones (e.g. octets that must not follow the failure answer). */
  readonly before?: readonly Outcome<CloseResult>[];
}

export const SOCKS5_CLOSE_RULE: CloseRule = { clause: CLOSE_CLAUSE, limitMs: CLOSE_LIMIT_MS };

function describeClose(close: CloseResult, after: string): string {
  const extra = close.bytes.length > 0 ? `, after ${close.bytes.length} more octets` : '';
  return close.kind === 'closed'
    ? `closed (${close.how === 'rst' ? 'reset' : 'FIN'}) ${Math.round(close.afterMs)} ms after ${after}${extra}`
    : `still open ${Math.round(close.waitedMs)} ms after ${after}${extra}`;
}

/**
 * The second axis of every failure path: whether, and how soon, the server ends the connection after its failure
 * answer (`since` is when that answer arrived, on the trace clock). The delay is recorded as a measurement. The
 * limit is scaled by `--timeout-multiplier`, which exists for harness hosts too slow to measure on time.
 * `rule` is the RFC 1928 §6 ten seconds unless given: a clause id alone keeps that limit under another clause.
 */
export async function verifyClosesAfterFailure(
  context: CaseContext,
  probe: TcpProbe,
  since: number | undefined,
  after: string,
  rule: CloseRule | string = SOCKS5_CLOSE_RULE,
): Promise<Check> {
  const {
    clause,
    limitMs,
    before = [],
  } = typeof rule === 'string' ? { ...SOCKS5_CLOSE_RULE, clause: rule } : rule;
  const limit = context.ms(limitMs);
  const close = await probe.awaitClose(limit + context.ms(500), since);
  const measurements = close.kind === 'closed' ? { closeDelayMs: Math.round(close.afterMs) } : undefined;
  const seconds = limit / 1000;
  return verify(
    clause,
    close,
    (c) => describeClose(c, after),
    [
      ...before,
      outcome(
        'PASS',
        `closes within ${seconds} s of ${after}`,
        (c) => c.kind === 'closed' && c.afterMs <= limit,
      ),
      outcome('FAIL', `closes, but later than ${seconds} s after ${after}`, (c) => c.kind === 'closed'),
      outcome('FAIL', 'leaves the connection open', (c) => c.kind === 'open'),
    ],
    measurements,
  );
}
