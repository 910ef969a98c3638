import type { ClientRun } from '../../harness/model/client-case.js';
import { type Check, outcome, skipped, verify } from '../../harness/model/outcome.js';
import type { Verdict } from '../../harness/model/verdict.js';
import type { Window } from '../../harness/reference/server-script.js';
import {
  describeExit,
  describeRun,
  exitedZero,
  firstSession,
  inWindow,
  reachedAround,
  replyOctetsInOutput,
} from './client-observations.js';

/**
 * A check that needs the client's output or exit status, which an interactive run does not see; the run drops it
 * when the case made other checks.
 */
export function unseenInInteractive(clause: string): Check {
  return skipped(
    clause,
    'SKIP',
    'interactive run: what the client showed and how it ended are not seen',
    'interactive-unseen',
  );
}

/**
 * The client used a granted connection: it printed the destination's token and exited 0. The destination gives
 * the token only to the scripted server's relay, and any connection that reached it some other way is a FAIL.
 */
export function checkUsedConnection(clause: string, run: ClientRun, what = 'the granted connection'): Check {
  if (run.interactive) return unseenInInteractive(clause);
  return verify(clause, run, describeRun, [
    outcome(
      'FAIL',
      'reached the destination without the proxy: a connection to it did not come through the granted one',
      (r) => reachedAround(r) > 0,
    ),
    outcome(
      'PASS',
      `used ${what}: printed the destination's token and exited 0`,
      (r) => r.tokenReceived && exitedZero(r),
    ),
    outcome(
      'FAIL',
      'printed the token but was killed at the deadline',
      (r) => r.tokenReceived && r.exit.timedOut,
    ),
    outcome('FAIL', 'printed the token but exited non-zero', (r) => r.tokenReceived),
    outcome('FAIL', `did not receive the destination's data through ${what}`, () => true),
  ]);
}

/**
 * After an answer that ends the exchange (X'FF', STATUS not 00, a failure or unusable reply) the client sends
 * nothing more on that connection and closes it.
 */
export function checkStopsAndCloses(clause: string, run: ClientRun, window: Window, after: string): Check {
  return verify(clause, run, describeRun, [
    outcome(
      'FAIL',
      `sent more octets after ${after}`,
      (r) => inWindow(firstSession(r), window).data !== undefined,
    ),
    outcome(
      'PASS',
      `closed the connection after ${after} without sending anything`,
      (r) => inWindow(firstSession(r), window).close !== undefined,
    ),
    outcome('FAIL', `kept the connection open after ${after}`, () => true),
  ]);
}

/**
 * The client reports the failure to its user (RFC 1928 §6: a failure reply is a failure): it ends by itself,
 * before the deadline, with a non-zero status, and does not print the destination's token. A client still
 * running at the deadline never reported it: `hung` is the verdict for that (FAIL; WARN where the spec only
 * says the client should stop).
 */
export function checkReportsFailure(
  clause: string,
  run: ClientRun,
  after: string,
  hung: Extract<Verdict, 'FAIL' | 'WARN'> = 'FAIL',
): Check {
  if (run.interactive) return unseenInInteractive(clause);
  return verify(clause, run, describeRun, [
    outcome('FAIL', `reported success (exit 0) after ${after}`, (r) => exitedZero(r) || r.tokenReceived),
    outcome(
      hung,
      `never reported the failure after ${after}: still running at the deadline, killed`,
      (r) => r.exit.timedOut,
    ),
    outcome(
      'FAIL',
      `crashed after ${after} instead of reporting the failure`,
      (r) => r.exit.code === undefined,
    ),
    outcome('PASS', `reported failure after ${after} (non-zero exit, or its --failure-output)`, () => true),
  ]);
}

/**
 * A reply sent in pieces is read whole before any data goes: the scripted server holds its last octet back, so
 * data that arrives first was sent by a client that took part of the reply for all of it.
 */
export function checkWaitsForWholeReply(clause: string, run: ClientRun): Check {
  return verify(clause, run, describeRun, [
    outcome(
      'FAIL',
      'sent application data before the last octet of the reply was sent: took part of the reply for all of it',
      (r) => inWindow(firstSession(r), 'during-reply').data !== undefined,
    ),
    outcome('PASS', 'sent no data before the whole reply was sent', () => true),
  ]);
}

/** No octet of `reply` reaches the client's output: reply octets are not data. */
export function checkReplyNotInOutput(clause: string, run: ClientRun, reply: Buffer): Check {
  if (run.interactive) return unseenInInteractive(clause);
  const leaked = replyOctetsInOutput(run, reply);
  return verify(clause, run, describeRun, [
    outcome(
      'FAIL',
      `passed the reply's last ${leaked} octets up as data: they precede the destination's answer in its output`,
      () => leaked > 0,
    ),
    outcome('PASS', "no reply octets before the destination's answer in the client's output", () => true),
  ]);
}

/** How a client that sent nothing for a name did it: it never connected, or closed without a word. */
export const silentRefusal = (run: ClientRun) =>
  run.sessions.length === 0 ? 'never connected' : 'connected and closed without sending anything';

/**
 * A client that sent nothing for a name cannot be judged unless the run declares its SOCKS version (`versions`,
 * shown as `flag`): nothing on the wire says which one it speaks. One that never connected and exited 0 did not
 * report the refusal: ERROR. Undefined when the refusal can be judged.
 */
export function unjudgedRefusal(
  run: ClientRun,
  clause: string,
  versions: readonly string[],
  flag: string,
): Check | undefined {
  const what = silentRefusal(run);
  if (run.socksVersion === undefined || !versions.includes(run.socksVersion))
    return skipped(
      clause,
      'SKIP',
      `not applicable: the client ${what} (${describeExit(run)}), so which SOCKS version it speaks is not seen; ` +
        `with ${flag} its refusal is judged`,
      run.sessions.length === 0 ? 'never-connected' : 'not-applicable',
    );
  if (run.sessions.length === 0 && exitedZero(run))
    return skipped(
      clause,
      'ERROR',
      `the client never connected to the proxy ${run.placeholders.proxy} and exited 0`,
      'never-connected',
    );
  return undefined;
}
