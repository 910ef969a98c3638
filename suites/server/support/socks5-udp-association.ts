/**
 * What the UDP ASSOCIATE cases share: opening an association, sending datagrams through the relay, and
 * watching what the relay delivers to a destination the case owns.
 */

import ipaddr from 'ipaddr.js';
import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { type Endpoint, formatEndpoint } from '../../../harness/net/endpoint.js';
import { BRIEF_HEX_OCTETS, formatHexBrief } from '../../../harness/net/hexdump.js';
import { localAddressToward } from '../../../harness/net/local-address.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import type { ReceivedDatagram, UdpProbe } from '../../../harness/net/udp-probe.js';
import { type Address, addressOf, ipv4, ipv6 } from '../../../harness/wire/address.js';
import { Command, Reply } from '../../../harness/wire/constants.js';
import { encodeRequest, type ReplyMessage } from '../../../harness/wire/socks5-request.js';
import {
  decodeUdpDatagram,
  describeUdpDatagram,
  encodeUdpDatagram,
  type UdpEncoding,
} from '../../../harness/wire/udp-header.js';
import { CLOSE_CLAUSE, verifyClosesAfterFailure } from './close-rule.js';
import { FORMAT_CLAUSE, type ReplyRead, RSV_CLAUSE, verifyReplyFormat } from './socks5-reply-checks.js';
import { describeReplyRead, isReply, request } from './socks5-request.js';

export interface Association {
  readonly control: TcpProbe;
  /** The client's UDP socket. */
  readonly client: UdpProbe;
  readonly reply: ReplyMessage;
  /** Where the client sends its datagrams: BND, with the target's host for an all-zero BND.ADDR. */
  readonly relay: Endpoint;
}

export type Associated = { readonly association: Association } | { readonly checks: Check[] };

export type Hint = 'zeros' | 'source';

const isIpv6 = (host: string) => host.includes(':');

/** Whether `endpoint` is `socket`, whatever the notation (an IPv4-mapped IPv6 address is its IPv4 address). */
export function isSocket(endpoint: Endpoint, socket: Endpoint): boolean {
  const plain = (host: string) => (ipaddr.isValid(host) ? ipaddr.process(host).toString() : host);
  return endpoint.port === socket.port && plain(endpoint.host) === plain(socket.host);
}

/** Whether `datagram` came from `socket`. */
export const cameFrom = (datagram: ReceivedDatagram, socket: Endpoint) =>
  isSocket({ host: datagram.from.address, port: datagram.from.port }, socket);

export function familyOf(context: CaseContext): 4 | 6 {
  return isIpv6(context.target.host) ? 6 : 4;
}

function isZeroAddress(address: Address): boolean {
  return address.type !== 'domain' && /^(0\.0\.0\.0|::)$/.test(address.host);
}

/** The UDP echo of the client's address family: it sends each payload back to where it came from. */
export function udpEcho(context: CaseContext): Endpoint | undefined {
  return familyOf(context) === 6 ? context.echo.udpEcho6 : context.echo.udpEcho4;
}

/**
 * RFC 1928 §6: the refusals the spec defines for a UDP ASSOCIATE the target will not serve: the optional command
 * (REP 07), the hint's address type (REP 08), the ruleset (REP 02). None is a failure of the case: the
 * association is not there to judge (under `--expect udp` each is a FAIL).
 */
const refusals: Readonly<Record<number, string>> = {
  [Reply.COMMAND_NOT_SUPPORTED]: 'the target answers UDP ASSOCIATE with REP 07 (command not supported)',
  [Reply.NOT_ALLOWED]: 'the target answers UDP ASSOCIATE with REP 02 (not allowed by its ruleset)',
  [Reply.ADDRESS_TYPE_NOT_SUPPORTED]:
    "the target answers UDP ASSOCIATE with REP 08 (the hint's address type is not supported)",
};

const BND_CLAUSE = 'rfc1928/6-udp-bnd';
const ZERO_CLAUSE = 'rfc1928/6-udp-zero';
const HINT_CLAUSE = 'rfc1928/6-udp-hint';

/**
 * A case's own clauses (the first is its primary), then those `associate` books its checks under, whichever case
 * opens the association: the reply's format and RSV, BND, the hint, and the close after a failure reply.
 */
export function withAssociation(
  own: readonly [string, ...string[]],
  hint: Hint = 'zeros',
): [string, ...string[]] {
  const association = [FORMAT_CLAUSE, RSV_CLAUSE, BND_CLAUSE, hint === 'zeros' ? ZERO_CLAUSE : HINT_CLAUSE];
  const [primary, ...rest] = own;
  return [primary, ...new Set([...rest, ...association, CLOSE_CLAUSE].filter((c) => c !== primary))];
}

/**
 * A failure REP (01, 03–06) to the hint. All zeros is what a client without the information MUST send (RFC 1928
 * §6), so refusing it refuses every such client: a FAIL on that MUST. A client's real source is information the
 * server MAY use to limit access; no clause makes it serve one, so a failure REP to it is recorded, not failed.
 */
function refusedHint(hint: Hint, reply: ReplyRead): Check {
  const [clause, verdict, why] =
    hint === 'zeros'
      ? [
          ZERO_CLAUSE,
          'FAIL' as const,
          'a failure REP to DST all zeros, which a client without the information MUST send',
        ]
      : [HINT_CLAUSE, 'INFO' as const, "a failure REP to DST naming the client's real source"];
  return verify(clause, reply, describeReplyRead, [
    outcome('PASS', 'a REP 00 naming the relay', (r) => isReply(r, (v) => v.reply === Reply.SUCCEEDED)),
    outcome(verdict, why, () => true),
  ]);
}

/**
 * Binds the client's UDP socket on the address this host reaches the target from, sends UDP ASSOCIATE with DST
 * all zeros or naming that socket (`hint`), and reads the reply. A refusal the spec defines is UNSUPPORTED. Each
 * other answer than a REP 00 naming a relay is booked under the clause it breaks, whichever case asked: a reply
 * that is not one, RSV, a BND that names no relay, a failure REP to the hint (see `refusedHint`).
 */
export async function associate(context: CaseContext, hint: Hint = 'zeros'): Promise<Associated> {
  const family = familyOf(context);
  const local = await localAddressToward(context.target, family, context.ms(3000));
  if (local === undefined) {
    return {
      checks: [
        skipped(FORMAT_CLAUSE, 'ERROR', `no local ${family === 6 ? 'IPv6' : 'IPv4'} route to the target`),
      ],
    };
  }
  const client = await context.openUdp(family, local);
  const source = client.address();
  const [address, port] =
    hint === 'source'
      ? [addressOf(source.host), source.port]
      : [family === 6 ? ipv6('::') : ipv4('0.0.0.0'), 0];
  const replied = await request(context, FORMAT_CLAUSE, encodeRequest(Command.UDP_ASSOCIATE, address, port));
  if ('check' in replied) return { checks: [replied.check] };
  const { probe, reply } = replied;
  const format = verifyReplyFormat(reply);
  if (reply.kind !== 'decoded' || format.some((c) => c.verdict !== 'PASS')) {
    const noReply = verify(FORMAT_CLAUSE, reply, describeReplyRead, [
      outcome('PASS', 'a reply at full length', (r) => r.kind === 'decoded'),
      outcome('FAIL', 'no reply to the UDP ASSOCIATE', () => true),
    ]);
    return { checks: reply.bytes.length === 0 ? [noReply] : format };
  }
  const bnd = reply.value;
  if (bnd.reply === Reply.SUCCEEDED) {
    const relay = {
      host: isZeroAddress(bnd.address) ? context.target.host : bnd.address.host,
      port: bnd.port,
    };
    if (bnd.port !== 0 && !isSocket(relay, source)) {
      return { association: { control: probe, client, reply: bnd, relay } };
    }
    return {
      checks: [
        verify(
          BND_CLAUSE,
          relay,
          (r) =>
            `REP 00 naming BND ${formatEndpoint(r)}${r.port === 0 ? '' : ", the client's own UDP socket"}`,
          [
            outcome('PASS', 'a REP 00 naming a relay the client can send to', () => false),
            outcome(
              'FAIL',
              'BND.PORT 0: no port for the client to send its datagrams to',
              (r) => r.port === 0,
            ),
            outcome(
              'FAIL',
              "BND names the client's own UDP socket, so it names no relay: what the client sends there comes back to itself",
              () => true,
            ),
          ],
        ),
      ],
    };
  }
  const refusal = refusals[bnd.reply];
  const first =
    refusal !== undefined ? skipped(FORMAT_CLAUSE, 'UNSUPPORTED', refusal) : refusedHint(hint, reply);
  return { checks: [first, await verifyClosesAfterFailure(context, probe, reply.at, 'the failure reply')] };
}

/** Sends `data` through the relay to `to`, in a UDP request header (with any override of its fields). */
export function sendVia(
  association: Association,
  to: Endpoint,
  data: string | Uint8Array,
  options: UdpEncoding = {},
  from: UdpProbe = association.client,
) {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  return from.send(
    encodeUdpDatagram(addressOf(to.host), to.port, payload, options),
    association.relay.host,
    association.relay.port,
  );
}

/** Sends raw octets (e.g. a truncated header) to the relay. */
export function sendRaw(association: Association, bytes: Uint8Array) {
  return association.client.send(bytes, association.relay.host, association.relay.port);
}

const MAX_GATHERED = 32;

/**
 * The datagrams that arrive at `probe`: waits up to `firstWithinMs` for the first, then until none arrives for
 * `quietMs` (at most 32 datagrams).
 */
export async function gather(
  probe: UdpProbe,
  firstWithinMs: number,
  quietMs: number,
): Promise<ReceivedDatagram[]> {
  const seen: ReceivedDatagram[] = [];
  let wait = firstWithinMs;
  while (seen.length < MAX_GATHERED) {
    const next = await probe.receive(wait);
    if (next.kind !== 'datagram') break;
    seen.push(next);
    wait = quietMs;
  }
  return seen;
}

export interface Destination {
  readonly probe: UdpProbe;
  readonly endpoint: Endpoint;
}

/**
 * A destination the case owns, on the echo network's host (or on `host`): it records what the relay delivers,
 * with each datagram's source, and answers only when the case makes it.
 */
export async function openDestination(context: CaseContext, host?: string): Promise<Destination> {
  const on = host ?? (udpEcho(context) ?? context.echo.udpEcho4).host;
  const probe = await context.openUdp(isIpv6(on) ? 6 : 4, on);
  return { probe, endpoint: probe.address() };
}

/**
 * The payloads the relay delivered: a datagram from the client's own socket reached the destination without
 * the relay, so it is not counted.
 */
export const relayedPayloads = (association: Association, datagrams: readonly ReceivedDatagram[]) =>
  payloads(datagrams.filter((d) => !cameFrom(d, association.client.address())));

/**
 * A UDP client that asked for no association, a host that asked for nothing (`stranger`), and a destination of
 * the case's own.
 */
export interface Unassociated {
  readonly client: UdpProbe;
  /**
   * The sender of datagrams to the TCP port number. Another case's relay may be bound at that port number, and
   * its association, recorded for this host's address, rightly relays a datagram from it; so where the target is
   * on loopback the datagram comes from `altSource`, an address no association was recorded for, which every
   * relay MUST drop.
   */
  readonly stranger: UdpProbe;
  readonly destination: Destination;
}

const onLoopback = (host: string) => host.startsWith('127.') || host === '::1';

export async function openUnassociated(
  context: CaseContext,
  clause: string,
): Promise<Unassociated | { readonly check: Check }> {
  const family = familyOf(context);
  const local = await localAddressToward(context.target, family, context.ms(3000));
  if (local === undefined) {
    return {
      check: skipped(clause, 'ERROR', `no local ${family === 6 ? 'IPv6' : 'IPv4'} route to the target`),
    };
  }
  const client = await context.openUdp(family, local);
  const strangerAddress =
    onLoopback(context.target.host) && isIpv6(context.altSource) === (family === 6)
      ? context.altSource
      : local;
  let stranger: UdpProbe;
  try {
    stranger = strangerAddress === local ? client : await context.openUdp(family, strangerAddress);
  } catch (error) {
    return { check: skipped(clause, 'SKIP', `cannot send from ${strangerAddress}: ${String(error)}`) };
  }
  return { client, stranger, destination: await openDestination(context) };
}

/**
 * Sends `data` in a UDP request header naming the case's destination, to `to` (a port of the target's host),
 * from the client, or from the stranger (see `Unassociated`) when `to` is the TCP port number.
 */
export function sendUnassociated(
  unassociated: Unassociated,
  to: Endpoint,
  data: string,
  from: 'client' | 'stranger' = 'client',
) {
  const { host, port } = unassociated.destination.endpoint;
  return unassociated[from].send(
    encodeUdpDatagram(addressOf(host), port, Buffer.from(data)),
    to.host,
    to.port,
  );
}

/** Nothing the client sent without an association (`what`) reaches the destination. */
export async function verifyNotRelayed(
  context: CaseContext,
  clause: string,
  unassociated: Unassociated,
  what: string,
): Promise<Check> {
  const [first, quiet] = quietWindow(context);
  const arrived = await gather(unassociated.destination.probe, first, quiet);
  return verify(clause, arrived, (d) => `the destination received ${describeDatagrams(d)}`, [
    outcome('PASS', `nothing is relayed (${what})`, (d) => d.length === 0),
    outcome(
      'FAIL',
      `relayed without an association (${what}): anyone can use the relay past the server's authentication`,
      () => true,
    ),
  ]);
}

export function describeDatagrams(datagrams: readonly ReceivedDatagram[]): string {
  if (datagrams.length === 0) return 'nothing';
  return datagrams
    .map(
      (d) =>
        `${JSON.stringify(d.bytes.subarray(0, BRIEF_HEX_OCTETS).toString('latin1'))} from ${formatEndpoint({ host: d.from.address, port: d.from.port })} [${formatHexBrief(d.bytes)}]`,
    )
    .join('; ');
}

export const payloads = (datagrams: readonly ReceivedDatagram[]) =>
  datagrams.map((d) => d.bytes.toString('latin1'));

/** The quick waits of "nothing arrives" checks: the first datagram within 500 ms, then 200 ms of quiet. */
export function quietWindow(context: CaseContext): [number, number] {
  return [context.ms(500), context.ms(200)];
}

/** Datagrams the client received from the relay, their UDP header decoded. */
export function describeReplyDatagrams(datagrams: readonly ReceivedDatagram[]): string {
  if (datagrams.length === 0) return 'nothing within the wait';
  return datagrams
    .map((d) => {
      const decoded = decodeUdpDatagram(d.bytes);
      const what =
        decoded.kind === 'decoded'
          ? describeUdpDatagram(decoded.value)
          : `no UDP header (${decoded.kind === 'malformed' ? decoded.reason : 'too short'})`;
      const from = formatEndpoint({ host: d.from.address, port: d.from.port });
      return `${what} from ${from} [${formatHexBrief(d.bytes)}]`;
    })
    .join('; ');
}
