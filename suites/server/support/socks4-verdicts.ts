/**
 * The verifiers SOCKS4 cases share: the reply (8 octets, VN 0, CD 90–93), the close right after a rejection,
 * data carried by the relay, and that the target still answers after it was fed something malformed.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, type Outcome, outcome, verify } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { Socks4Code, Socks4Command } from '../../../harness/wire/constants.js';
import {
  decodeSocks4Reply,
  describeSocks4Reply,
  encodeSocks4Request,
  type Socks4Reply,
} from '../../../harness/wire/socks4.js';
import { type CloseRule, verifyClosesAfterFailure } from './close-rule.js';
import { describeRead } from './observations.js';

export const REPLY_FORMAT = 'socks4/reply-format';
export const REPLY_VN = 'socks4/reply-vn';
export const REPLY_CD = 'socks4/reply-cd';
export const FAIL_CLOSE = 'socks4/fail-close';
export const RELAY = 'socks4/relay';

/**
 * "The SOCKS server closes its connection immediately after notifying the client" of a rejection. Immediately
 * is read as within 2 s (scaled), room for a loaded host; the delay is recorded either way.
 */
export const SOCKS4_CLOSE_LIMIT_MS = 2000;

export type Socks4Read = ReadResult<Socks4Reply>;

export const describeSocks4Read = (r: Socks4Read) => describeRead(r, describeSocks4Reply);

const isCode = (r: Socks4Read, codes: readonly number[]) =>
  r.kind === 'decoded' && r.value.version !== 5 && codes.includes(r.value.code);

export const isGranted = (r: Socks4Read) => isCode(r, [Socks4Code.GRANTED]);
export const isRejected = (r: Socks4Read) =>
  isCode(r, [Socks4Code.REJECTED, Socks4Code.NO_IDENTD, Socks4Code.IDENTD_MISMATCH]);

/** Where a wrong answer bears: its wire format when it is no SOCKS4 reply at all, else the case's clause. */
function clauseOf(read: Socks4Read, clause: string): string {
  if (read.kind === 'decoded' && read.value.version === 5) return REPLY_FORMAT;
  if (
    (read.kind === 'closed' || read.kind === 'malformed' || read.kind === 'timeout') &&
    read.bytes.length > 0
  )
    return REPLY_FORMAT;
  if (read.kind === 'decoded' && (read.value.code < 90 || read.value.code > 93)) return REPLY_CD;
  return clause;
}

/** Outcomes every reply check ends with: what is wrong with an answer that is not a SOCKS4 reply. */
const malformedReplies: readonly Outcome<Socks4Read>[] = [
  outcome(
    'FAIL',
    'a SOCKS5 message (VN 5) in answer to a SOCKS4 request',
    (r) => r.kind === 'decoded' && r.value.version === 5,
  ),
  outcome(
    'FAIL',
    'a CD outside 90–93',
    (r) => r.kind === 'decoded' && (r.value.code < 90 || r.value.code > 93),
  ),
  outcome('FAIL', 'fewer than 8 octets, then the close', (r) => r.kind === 'closed' && r.bytes.length > 0),
  outcome('FAIL', 'fewer than 8 octets', (r) => r.kind === 'timeout' && r.bytes.length > 0),
];

/** The reply to a request the target should grant: 8 octets, CD 90. */
export function verifyGranted(clause: string, read: Socks4Read, what: string): Check {
  return verify(clauseOf(read, clause), read, describeSocks4Read, [
    outcome('PASS', `CD 90: ${what} granted`, isGranted),
    outcome('FAIL', `a rejection (CD 91–93) of ${what}`, isRejected),
    ...malformedReplies,
    outcome('FAIL', 'closes without a reply', (r) => r.kind === 'closed'),
    outcome('FAIL', 'no reply', (r) => r.kind === 'timeout'),
  ]);
}

/** The reply to a request the target should refuse: 8 octets, CD 91 (92 and 93 are identd refusals). */
export function verifyRejected(clause: string, read: Socks4Read, what: string): Check {
  return verify(clauseOf(read, clause), read, describeSocks4Read, [
    outcome('PASS', `CD 91 (or 92/93): ${what} rejected`, isRejected),
    outcome('FAIL', `CD 90: ${what} granted`, isGranted),
    ...malformedReplies,
    outcome('FAIL', 'closes without a reply', (r) => r.kind === 'closed'),
    outcome('FAIL', 'no reply', (r) => r.kind === 'timeout'),
  ]);
}

/** VN of a reply "should be 0"; only checked on an 8-octet SOCKS4 reply. */
export function verifyReplyVersion(read: Socks4Read): Check[] {
  if (read.kind !== 'decoded' || read.value.version === 5) return [];
  return [
    verify(REPLY_VN, read.value, (v) => `VN ${v.version}`, [
      outcome('PASS', 'VN 0', (v) => v.version === 0),
      outcome('WARN', 'VN other than 0 (curl and others refuse such a reply)', () => true),
    ]),
  ];
}

/** Nothing may follow a rejection (no longer reply, no relayed data), and the close comes "immediately". */
const SOCKS4_CLOSE_RULE: CloseRule = {
  clause: FAIL_CLOSE,
  limitMs: SOCKS4_CLOSE_LIMIT_MS,
  before: [
    outcome(
      'FAIL',
      'octets follow the rejection (a longer reply, or relayed data)',
      (c) => c.bytes.length > 0,
    ),
  ],
};

/** The second verdict axis of every rejection; `since` is when the reply arrived; the delay is recorded. */
export function verifySocks4Close(
  context: CaseContext,
  probe: TcpProbe,
  since: number | undefined,
  after = 'the rejection',
): Promise<Check> {
  return verifyClosesAfterFailure(context, probe, since, after, SOCKS4_CLOSE_RULE);
}

/** The rejection's reply checks plus the close, as every failure path of a SOCKS4 case returns them. */
export async function verifyRejection(
  context: CaseContext,
  clause: string,
  probe: TcpProbe,
  read: Socks4Read,
  what: string,
): Promise<Check[]> {
  const rejected = verifyRejected(clause, read, what);
  if (rejected.verdict !== 'PASS' || read.kind !== 'decoded') return [rejected];
  return [rejected, ...verifyReplyVersion(read), await verifySocks4Close(context, probe, read.at)];
}

/** Octets that went through the relay: `sent` must arrive unchanged. */
export function verifyCarried(
  clause: string,
  what: string,
  sent: Buffer,
  carried: ReadResult<Buffer>,
): Check {
  return verify(
    clause,
    carried,
    (c) => describeRead(c, (bytes) => (bytes.equals(sent) ? 'the octets sent' : 'other octets')),
    [outcome('PASS', `${what} arrives unchanged`, (c) => c.kind === 'decoded' && c.bytes.equals(sent))],
  );
}

type Answer = { kind: 'unreachable'; reason: string } | Socks4Read;

/**
 * The robustness half of a case that fed the target something malformed: a fresh SOCKS4 CONNECT to the echo
 * network still gets an 8-octet reply, so the target did not crash or wedge.
 */
export async function verifyStillAnswers(
  context: CaseContext,
  clause: string,
  after: string,
): Promise<Check> {
  const { host, port } = context.echo.tcpEcho4;
  const answer: Answer = await (async () => {
    try {
      const probe = await context.connect();
      await probe.send(encodeSocks4Request(Socks4Command.CONNECT, host, port));
      return await probe.read(decodeSocks4Reply, context.ms(3000));
    } catch (error) {
      return { kind: 'unreachable', reason: String(error) } as const;
    }
  })();
  return verify(
    clause,
    answer,
    (a) => (a.kind === 'unreachable' ? a.reason : `a new SOCKS4 CONNECT got ${describeSocks4Read(a)}`),
    [
      outcome('PASS', `a new connection is still answered after ${after}`, (a) => a.kind === 'decoded'),
      outcome('FAIL', `the target stopped answering after ${after}`, () => true),
    ],
  );
}
