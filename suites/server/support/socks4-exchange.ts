/**
 * How SOCKS4 cases reach the target: whether it speaks SOCKS4 (and SOCKS4A) at all, decided the way a client
 * would find out, and one request sent under the case's segmentation with its 8-octet reply read.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, skipped } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { Socks4Code, Socks4Command } from '../../../harness/wire/constants.js';
import { decodeSocks4Reply, encodeSocks4Request, type Socks4Reply } from '../../../harness/wire/socks4.js';
import { describeSocks4Read } from './socks4-verdicts.js';

/** DSTIP of a SOCKS4A request: 0.0.0.x with x not 0. */
export const SOCKS4A_SIGNAL = '0.0.0.1';

export interface Exchange {
  readonly probe: TcpProbe;
  readonly reply: ReadResult<Socks4Reply>;
  /** Whether `pipelined` already went out with the request (the coalesced variant). */
  readonly pipelinedSent: boolean;
}

/**
 * Opens a connection and sends `message`: whole, one octet per write (`bytewise`), or in one write with
 * `pipelined` behind it (`coalesced`, as a client that sends its first data without waiting for the reply).
 * Then reads the reply within 5 s (scaled).
 */
export async function exchange(
  context: CaseContext,
  message: Uint8Array,
  pipelined?: Uint8Array,
): Promise<Exchange> {
  const probe = await context.connect();
  const coalesce = context.segmentation === 'coalesced' && pipelined !== undefined;
  if (coalesce) await probe.send(Buffer.concat([message, pipelined]));
  else await probe.send(message, context.segmentation === 'bytewise' ? 'bytewise' : 'whole');
  const reply = await probe.read(decodeSocks4Reply, context.ms(5000));
  return { probe, reply, pipelinedSent: coalesce };
}

/** A plain request in one write, for probing what the target supports. */
async function plain(context: CaseContext, message: Uint8Array): Promise<ReadResult<Socks4Reply>> {
  const probe = await context.connect();
  await probe.send(message);
  const reply = await probe.read(decodeSocks4Reply, context.ms(3000));
  probe.destroy();
  return reply;
}

/** An answer a SOCKS4 client can read as a reply: 8 octets, and not a SOCKS5 message (VN 5). */
const isSocks4Answer = (r: ReadResult<Socks4Reply>) => r.kind === 'decoded' && r.value.version !== 5;

export interface Requirement {
  /** The case needs the plain CONNECT to the echo network granted (CD 90), not just answered. */
  readonly granted?: boolean;
  /** The case needs SOCKS4A: a CONNECT to the resolvable name granted. */
  readonly socks4a?: boolean;
}

/**
 * Whether the case can run: a plain SOCKS4 CONNECT to the echo network answered with an 8-octet reply means
 * SOCKS4 is spoken; a target that answers otherwise (`05 FF`, a close) does not speak it: UNSUPPORTED. A target
 * that speaks it but refuses the echo network (its ruleset, an identd it requires) cannot run a success case:
 * SKIP. A SOCKS4A case also needs the resolvable name granted; CD 91 there is how a SOCKS4-only server answers.
 */
export async function requireSocks4(
  context: CaseContext,
  clause: string,
  needs: Requirement = {},
): Promise<Check | undefined> {
  const { host, port } = context.echo.tcpEcho4;
  const probe = await plain(context, encodeSocks4Request(Socks4Command.CONNECT, host, port));
  if (!isSocks4Answer(probe)) {
    return skipped(
      clause,
      'UNSUPPORTED',
      `the target does not speak SOCKS4: a CONNECT to ${host}:${port} got ${describeSocks4Read(probe)}`,
    );
  }
  const granted = probe.kind === 'decoded' && probe.value.code === Socks4Code.GRANTED;
  if ((needs.granted || needs.socks4a) && !granted) {
    return skipped(
      clause,
      'SKIP',
      `the target refuses a SOCKS4 CONNECT to the echo network ${host}:${port}: ${describeSocks4Read(probe)}`,
    );
  }
  if (!needs.socks4a) return undefined;
  const name = context.names.resolvable;
  const named = await plain(
    context,
    encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, port, { domain: name }),
  );
  if (named.kind === 'decoded' && named.value.code === Socks4Code.GRANTED) return undefined;
  return skipped(
    clause,
    'UNSUPPORTED',
    `the target does not serve SOCKS4A: a CONNECT to ${JSON.stringify(name)}:${port} got ${describeSocks4Read(named)}`,
  );
}
