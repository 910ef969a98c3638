/**
 * Where the target's connections went, not only what it replied: a case names a listener of its own (a port no
 * other case uses) as the port of a destination the client did not mean to reach, and reads what arrived there.
 * A server may claim failure and connect anyway, or reach a host by a name it cut short.
 */

import type { CaseContext, CaseListener, SeenConnection } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import { formatEndpoint } from '../../../harness/net/endpoint.js';
import { sleep } from '../../../harness/net/timers.js';

/**
 * A connection the target made arrives at the listener before the target's reply leaves, but this process may
 * take the reply off its socket first: a moment's wait lets the accept be seen.
 */
const ACCEPT_SETTLE_MS = 50;

export function describeArrivals(seen: readonly SeenConnection[]): string {
  if (seen.length === 0) return "no connection arrived at the case's listener";
  const from = seen.map((s) => formatEndpoint({ host: s.from.address, port: s.from.port }));
  const at = [...new Set(seen.map((s) => formatEndpoint(s.to)))];
  return `${seen.length} connection${seen.length === 1 ? '' : 's'} arrived at ${at.join(' and ')} from ${from.join(', ')}`;
}

/** The connections the listener accepted so far, once accepts already under way have been seen. */
export async function arrivals(context: CaseContext, listener: CaseListener): Promise<SeenConnection[]> {
  await sleep(context.ms(ACCEPT_SETTLE_MS));
  await new Promise((resolve) => setImmediate(resolve));
  return listener.connectionsSeen();
}

/**
 * Nothing may arrive at `listener`, whose port the request named with a destination that is no host (`what`):
 * a connection there reached this host for a name or address the client never gave it.
 */
export async function verifyNotReached(
  context: CaseContext,
  listener: CaseListener,
  clause: string,
  what: string,
): Promise<Check> {
  return verify(clause, await arrivals(context, listener), describeArrivals, [
    outcome('PASS', `no connection arrived at the port named with ${what}`, (seen) => seen.length === 0),
    outcome(
      'FAIL',
      `the target connected to this host at the port named with ${what}: a destination the client did not name`,
      () => true,
    ),
  ]);
}
