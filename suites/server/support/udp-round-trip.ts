/**
 * A datagram through the relay to a destination the case owns, which answers it as an echo would, and the
 * answer back through the relay. Each leg is judged by where its datagram came from: the destination must get
 * the DATA from the relay (a source other than the client's own socket), and the client must get the answer
 * from BND.ADDR:BND.PORT; otherwise nothing was relayed, whatever the octets say.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import { type Endpoint, formatEndpoint } from '../../../harness/net/endpoint.js';
import type { ReceivedDatagram } from '../../../harness/net/udp-probe.js';
import { decodeUdpDatagram, type UdpDatagram } from '../../../harness/wire/udp-header.js';
import {
  type Association,
  cameFrom,
  type Destination,
  describeDatagrams,
  describeReplyDatagrams,
  gather,
  openDestination,
  quietWindow,
  sendVia,
} from './socks5-udp-association.js';

export interface RoundTrip {
  readonly payload: string;
  /** Where the answer must come from: BND (the relay). */
  readonly relay: Endpoint;
  /** The client's own socket. */
  readonly client: Endpoint;
  readonly destination: Endpoint;
  /** What reached the destination. */
  readonly arrived: readonly ReceivedDatagram[];
  /** The datagram of `arrived` the relay delivered (DATA alone, not from the client): the one answered. */
  readonly relayed: ReceivedDatagram | undefined;
  /** What the client received after the destination answered (or, if nothing was relayed, meanwhile). */
  readonly back: readonly ReceivedDatagram[];
}

/**
 * Sends `payload` through the relay to `to` (the destination, or a name of it), answers a relayed datagram from
 * the destination to its source, and gathers what comes back to the client.
 */
export async function roundTrip(
  context: CaseContext,
  association: Association,
  destination: Destination,
  payload: string,
  to: Endpoint = destination.endpoint,
): Promise<RoundTrip> {
  const client = association.client.address();
  await sendVia(association, to, payload);
  const arrived = await gather(destination.probe, context.ms(2000), context.ms(100));
  const relayed = arrived.find((d) => d.bytes.toString('latin1') === payload && !cameFrom(d, client));
  if (relayed !== undefined) {
    await destination.probe.send(Buffer.from(payload), relayed.from.address, relayed.from.port);
  }
  const [first, quiet] = quietWindow(context);
  const back = await gather(
    association.client,
    relayed === undefined ? first : context.ms(2000),
    relayed === undefined ? quiet : context.ms(100),
  );
  return {
    payload,
    relay: association.relay,
    client,
    destination: destination.endpoint,
    arrived,
    relayed,
    back,
  };
}

export function describeRoundTrip(trip: RoundTrip): string {
  return (
    `the destination ${formatEndpoint(trip.destination)} received ${describeDatagrams(trip.arrived)}; ` +
    `the client received ${describeReplyDatagrams(trip.back)} (BND ${formatEndpoint(trip.relay)})`
  );
}

/** The answers that came back from BND, their UDP header decoded (a datagram without one is left out). */
export function answersFromRelay(trip: RoundTrip): UdpDatagram[] {
  return trip.back.flatMap((d) => {
    if (!cameFrom(d, trip.relay)) return [];
    const decoded = decodeUdpDatagram(d.bytes);
    return decoded.kind === 'decoded' ? [decoded.value] : [];
  });
}

export const carries = (trip: RoundTrip) => (d: UdpDatagram) => d.data.toString('latin1') === trip.payload;

/** The answer came back, but from elsewhere than BND. */
export const answeredAroundRelay = (trip: RoundTrip) =>
  trip.back.some((d) => !cameFrom(d, trip.relay) && d.bytes.includes(Buffer.from(trip.payload)));

/** The association works: a datagram through it reaches a destination, and the answer comes back from BND. */
export async function verifyRelays(
  context: CaseContext,
  clause: string,
  association: Association,
): Promise<Check> {
  const destination = await openDestination(context);
  const trip = await roundTrip(context, association, destination, `round trip ${context.segmentation}`);
  return verify(clause, trip, describeRoundTrip, [
    outcome(
      'PASS',
      'the relay delivers the datagram to the destination and its answer comes back from BND',
      (t) => t.relayed !== undefined && answersFromRelay(t).some(carries(t)),
    ),
    outcome(
      'FAIL',
      "nothing reaches the destination through the relay (a datagram from the client's own socket is not relayed)",
      (t) => t.relayed === undefined,
    ),
    outcome('FAIL', 'the answer comes back from elsewhere than BND', answeredAroundRelay),
    outcome('FAIL', 'the answer does not come back through the relay', () => true),
  ]);
}
