/** A CONNECT through the target and the data checks that follow a success reply. */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import type { Address } from '../../../harness/wire/address.js';
import { Command } from '../../../harness/wire/constants.js';
import { type Decoder, decoded, needMore } from '../../../harness/wire/decode-result.js';
import { encodeRequest } from '../../../harness/wire/socks5-request.js';
import { describeRead } from './observations.js';
import { type ReplyRead, verifySuccessReply } from './socks5-reply-checks.js';
import { request } from './socks5-request.js';

export type Connected =
  | { readonly checks: Check[] }
  | { readonly probe: TcpProbe; readonly reply: ReplyRead; readonly checks: Check[] };

/** Sends CONNECT (plus `after`, pipelined behind it) and checks that the reply is a well-formed REP 00. */
export async function connectThrough(
  context: CaseContext,
  clause: string,
  address: Address,
  port: number,
  after: Uint8Array = Buffer.alloc(0),
): Promise<Connected> {
  const message = Buffer.concat([encodeRequest(Command.CONNECT, address, port), after]);
  const replied = await request(context, clause, message);
  if ('check' in replied) return { checks: [replied.check] };
  return { ...replied, checks: verifySuccessReply(replied.reply, clause) };
}

/** How the echo network's speaker begins the line it sends first on every connection. */
export const SPEAKER_PREFIX = 'SOCKS-CONFORMANCE SPEAKS FIRST ';

/** One line ending in CRLF, at most 200 octets: the speaker's first words. */
export const speakerLine: Decoder<string> = (buffer) => {
  const end = Buffer.from(buffer).indexOf('\r\n');
  if (end < 0)
    return buffer.length > 200 ? decoded(Buffer.from(buffer).toString('latin1'), buffer.length) : needMore;
  return decoded(Buffer.from(buffer.subarray(0, end)).toString('latin1'), end + 2);
};

/** A payload unlike any SOCKS message, so that a misplaced one is easy to see in a trace. */
export function payload(tag: string): Buffer {
  return Buffer.from(`socks-conformance ${tag} payload\n`, 'latin1');
}

/** Reads `expected` back from the echo; what arrives instead is described. */
export async function verifyEchoed(
  context: CaseContext,
  probe: TcpProbe,
  clause: string,
  expected: Buffer,
  /**
   * What missing data earns; with `cutShort`, also data that stops part-way as the connection closes; with
   * `headOnly`, also data whose first octets are missing and whose rest arrives intact (octets sent before the
   * reply, of which a server dropped whatever had arrived while it set up the relay).
   */
  lost: { verdict: 'FAIL' | 'WARN'; when: string; cutShort?: boolean; headOnly?: boolean } = {
    verdict: 'FAIL',
    when: 'the echoed data does not come back',
  },
): Promise<Check> {
  const echoed = await probe.readBytes(expected.length, context.ms(3000));
  return verify(clause, echoed, (r) => describeRead(r, (b) => `${b.length} octets`), [
    outcome(
      'PASS',
      'the data comes back from the echo unchanged',
      (r) => r.kind === 'decoded' && r.value.equals(expected),
    ),
    outcome('FAIL', 'other octets come back than were sent', (r) => r.kind === 'decoded'),
    outcome(
      lost.verdict,
      lost.when,
      (r) => r.bytes.length === 0 || (lost.cutShort === true && r.kind === 'closed'),
    ),
    outcome(
      lost.verdict,
      `${lost.when}: its first octets are missing, the rest arrives intact`,
      (r) => lost.headOnly === true && isProperSuffix(r.bytes, expected),
    ),
    outcome('FAIL', 'only part of the data comes back', (r) => r.bytes.length > 0),
  ]);
}

function isProperSuffix(bytes: Buffer, of: Buffer): boolean {
  return bytes.length > 0 && bytes.length < of.length && of.subarray(of.length - bytes.length).equals(bytes);
}
