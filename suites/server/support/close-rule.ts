import type { CloseResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import type { CaseContext } from '../../../harness/runner/case.js';
import { type Check, outcome, verify } from '../../../harness/runner/outcome.js';

/** RFC 1928 §6: after a failure reply the server closes the connection "within 10 seconds". */
export const CLOSE_LIMIT_MS = 10_000;

export const CLOSE_CLAUSE = 'rfc1928/6-reply-close-10s';

function describeClose(close: CloseResult, after: string): string {
  const extra = close.bytes.length > 0 ? `, after sending ${close.bytes.length} more octets` : '';
  return close.kind === 'closed'
    ? `closed (${close.how === 'rst' ? 'reset' : 'FIN'}) ${Math.round(close.afterMs)} ms after ${after}${extra}`
    : `still open ${Math.round(close.waitedMs)} ms after ${after}${extra}`;
}

/**
 * The second axis of every failure path: whether, and how soon, the server ends the connection after its failure
 * answer (`since` is when that answer arrived, on the trace clock). The delay is recorded as a measurement. The
 * limit is scaled by `--timeout-multiplier`, which exists for harness hosts too slow to measure on time.
 */
export async function verifyClosesAfterFailure(
  context: CaseContext,
  probe: TcpProbe,
  since: number | undefined,
  after: string,
  clause: string = CLOSE_CLAUSE,
): Promise<Check> {
  const limit = context.ms(CLOSE_LIMIT_MS);
  const close = await probe.awaitClose(limit + context.ms(500), since);
  const measurements = close.kind === 'closed' ? { closeDelayMs: Math.round(close.afterMs) } : undefined;
  return verify(
    clause,
    close,
    (c) => describeClose(c, after),
    [
      outcome(
        'PASS',
        `closes within ${limit / 1000} s of ${after}`,
        (c) => c.kind === 'closed' && c.afterMs <= limit,
      ),
      outcome('FAIL', `closes, but later than ${limit / 1000} s after ${after}`, (c) => c.kind === 'closed'),
      outcome('FAIL', 'leaves the connection open', (c) => c.kind === 'open'),
    ],
    measurements,
  );
}
