/**
 * The checks every RFC 1928 §6 reply gets, whatever the request: the reply's format (full length, VER X'05'),
 * its RSV octet, and on a failure path the close within 10 seconds.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, type Outcome, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { hex, Reply } from '../../../harness/wire/constants.js';
import type { ReplyMessage } from '../../../harness/wire/socks5-request.js';
import { verifyClosesAfterFailure } from './close-rule.js';
import { describeReplyRead, isReply } from './socks5-request.js';

export type ReplyRead = ReadResult<ReplyMessage>;

export const FORMAT_CLAUSE = 'rfc1928/6-reply-format';
export const RSV_CLAUSE = 'rfc1928/6-rsv';

/** Clauses a case cites when it follows a failure path to its end. */
export const failurePathClauses = [FORMAT_CLAUSE, RSV_CLAUSE, 'rfc1928/6-reply-close-10s'] as const;

const isDefinedFailure = (rep: number) =>
  rep >= Reply.GENERAL_FAILURE && rep <= Reply.ADDRESS_TYPE_NOT_SUPPORTED;
const isTorExtendedError = (rep: number) => rep >= 0xf0 && rep <= 0xf7;

/** The reply read: REP is one of `codes`. */
export const repIs =
  (...codes: number[]) =>
  (r: ReplyRead) =>
    isReply(r, (v) => codes.includes(v.reply));

/** A failure REP RFC 1928 defines (01–08). */
export const definedFailure = (r: ReplyRead) => isReply(r, (v) => isDefinedFailure(v.reply));

/** The server ended the connection without sending a single octet of a reply. */
export const closedWithoutReply = (r: ReplyRead) => r.kind === 'closed' && r.bytes.length === 0;

export const noAnswer = (r: ReplyRead) => r.kind === 'timeout' && r.bytes.length === 0;

export function describeLabelled(label: string | undefined) {
  return (r: ReplyRead) => (label ? `${label}: ${describeReplyRead(r)}` : describeReplyRead(r));
}

/**
 * Whether what arrived is an RFC 1928 §6 reply at full length. No reply at all is not judged here (the case's
 * REP check says whether a reply was due).
 */
export function verifyReplyFormat(reply: ReplyRead, label?: string): Check[] {
  const format = verify(FORMAT_CLAUSE, reply, describeLabelled(label), [
    outcome(
      'FAIL',
      'a reply shorter than VER, REP, RSV, ATYP, BND.ADDR, BND.PORT (e.g. a 2-octet failure reply)',
      (r) => (r.kind === 'closed' || r.kind === 'timeout') && r.bytes.length > 0,
    ),
    outcome('FAIL', 'octets that cannot be a reply (undefined ATYP)', (r) => r.kind === 'malformed'),
    outcome('FAIL', "a reply whose VER is not X'05'", (r) => r.kind === 'decoded' && r.value.version !== 5),
    outcome('PASS', 'a reply at full length', (r) => r.kind === 'decoded'),
    outcome('PASS', 'no reply to judge', (r) => r.bytes.length === 0),
  ]);
  if (reply.kind !== 'decoded') return [format];
  const rsv = verify(RSV_CLAUSE, reply, describeLabelled(label), [
    // RSV is judged on its own: a reply whose VER is wrong fails the format check above, not this one.
    outcome('PASS', "RSV X'00'", (r) => r.kind === 'decoded' && r.value.reserved === 0),
    outcome('FAIL', "RSV other than X'00' (Chromium rejects such replies)", (r) => r.kind === 'decoded'),
  ]);
  return [format, rsv];
}

/**
 * The refusals RFC 1928 §6 defines for a request a target will not serve, where the case needed a success: the
 * ruleset (REP 02), the command (REP 07), the address type (REP 08). Each says the feature is not there; none is
 * a failure of the case.
 */
export const definedRefusalOutcomes: readonly Outcome<ReplyRead>[] = [
  outcome('UNSUPPORTED', 'REP 02: the ruleset does not allow the request', repIs(Reply.NOT_ALLOWED)),
  outcome('UNSUPPORTED', 'REP 07: the command is not supported', repIs(Reply.COMMAND_NOT_SUPPORTED)),
  outcome(
    'UNSUPPORTED',
    'REP 08: the address type is not supported',
    repIs(Reply.ADDRESS_TYPE_NOT_SUPPORTED),
  ),
];

/**
 * REP 01 and 03–06 where the case's destination listens on the echo network: the target did not reach where the
 * request said (a port read in the wrong octet order, the wrong address), or it cannot reach the echo network at
 * all (a target on another host or network namespace needs --echo-host).
 */
const unreachedOutcomes: readonly Outcome<ReplyRead>[] = [
  outcome(
    'FAIL',
    'REP 01 or 03–06 for a destination that listens: the target did not reach the destination the request ' +
      'named (or cannot reach the echo network: see --echo-host)',
    definedFailure,
  ),
];

/**
 * A reply cut short (the connection ended or went quiet part-way) fails the format check alone: its REP is not
 * judged a second time under the case's clause, so one defect is one FAIL.
 */
function cutShort(reply: ReplyRead, clause: string, label?: string): Check | undefined {
  if ((reply.kind !== 'closed' && reply.kind !== 'timeout') || reply.bytes.length === 0) return undefined;
  return {
    ...skipped(
      clause,
      'SKIP',
      `the reply is cut short, which ${FORMAT_CLAUSE} judges: its REP is not judged`,
    ),
    observed: describeLabelled(label)(reply),
  };
}

/** Outcomes at the end of every REP outcome list: codes outside RFC 1928's set. */
const codeSetOutcomes: Outcome<ReplyRead>[] = [
  outcome('INFO', 'a Tor extended error code (F0–F7)', (r) => isReply(r, (v) => isTorExtendedError(v.reply))),
  outcome('FAIL', 'an unassigned REP (09–FF)', (r) => isReply(r, (v) => v.reply > 0x08)),
];

/**
 * A failure path to its end: the reply's format and RSV, the REP against `outcomes` (on `clause`), and, when a
 * failure REP arrived, whether the connection ends within 10 s of it (the measured delay is recorded).
 */
export async function verifyFailurePath(
  context: CaseContext,
  probe: TcpProbe,
  reply: ReplyRead,
  clause: string,
  outcomes: readonly Outcome<ReplyRead>[],
  label?: string,
): Promise<Check[]> {
  const checks = [
    ...verifyReplyFormat(reply, label),
    cutShort(reply, clause, label) ??
      verify(clause, reply, describeLabelled(label), [...outcomes, ...codeSetOutcomes]),
  ];
  if (reply.kind === 'decoded' && reply.value.version === 5 && reply.value.reply !== Reply.SUCCEEDED) {
    const after = `${label ? `${label}: ` : ''}REP ${hex(reply.value.reply)}`;
    checks.push(await verifyClosesAfterFailure(context, probe, reply.at, after));
  }
  return checks;
}

/** The reply to a request that should succeed: its format and RSV, and REP 00 (on `clause`). */
export function verifySuccessReply(reply: ReplyRead, clause: string, label?: string): Check[] {
  return [
    ...verifyReplyFormat(reply, label),
    cutShort(reply, clause, label) ??
      verify(clause, reply, describeLabelled(label), [
        outcome('PASS', 'REP 00', repIs(Reply.SUCCEEDED)),
        ...definedRefusalOutcomes,
        ...unreachedOutcomes,
        ...codeSetOutcomes,
      ]),
  ];
}

export const passed = (checks: readonly Check[]) => checks.every((c) => c.verdict === 'PASS');
