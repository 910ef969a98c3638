/**
 * RFC 1928 §7, "Procedure for UDP-based clients": every datagram carries the header RSV X'0000', FRAG, ATYP,
 * DST.ADDR, DST.PORT, DATA. "When a UDP relay server receives a reply datagram from a remote host, it MUST
 * encapsulate that datagram using the above UDP request header." "The UDP relay server MUST acquire from the
 * SOCKS server the expected IP address of the client that will send datagrams to the BND.PORT given in the
 * reply to UDP ASSOCIATE. It MUST drop any datagrams arriving from any source IP address other than the one
 * recorded for the particular association." Fragments: FRAG 1..127 gives the position, the high bit ends the
 * sequence; the queue resets when the reassembly timer (at least 5 s) expires or on a FRAG lower than the
 * highest seen; "An implementation that does not support fragmentation MUST drop any datagram whose FRAG field
 * is other than X'00'." Undeliverable datagrams are dropped "without notification to the requesting host".
 */
import ipaddr from 'ipaddr.js';
import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { type Endpoint, formatEndpoint } from '../../../harness/net/endpoint.js';
import { sleep } from '../../../harness/net/timers.js';
import type { ReceivedDatagram } from '../../../harness/net/udp-probe.js';
import { type Address, addressOf, describeAddress } from '../../../harness/wire/address.js';
import type { UdpDatagram } from '../../../harness/wire/udp-header.js';
import { defineSuiteCases, type SuiteCase } from '../../define-cases.js';
import {
  type Association,
  associate,
  cameFrom,
  type Destination,
  describeDatagrams,
  describeReplyDatagrams,
  gather,
  openDestination,
  quietWindow,
  relayedPayloads,
  sendRaw,
  sendVia,
  udpEcho,
  withAssociation,
} from '../support/socks5-udp-association.js';
import {
  answeredAroundRelay,
  answersFromRelay,
  carries,
  describeRoundTrip,
  type RoundTrip,
  roundTrip,
  verifyRelays,
} from '../support/udp-round-trip.js';

const common = { role: 'server', versions: ['5'], feature: 'udp' } as const satisfies Partial<SuiteCase>;

type Script = (context: CaseContext, association: Association) => Promise<Check | Check[]>;

/** A relay case: open the association (checks of a refusal end the case), then run `script`. */
function relayCase(script: Script) {
  return async (context: CaseContext): Promise<Check | Check[]> => {
    const opened = await associate(context);
    if ('checks' in opened) return opened.checks;
    return script(context, opened.association);
  };
}

/** Whether a header address names `host`; an IPv4-mapped IPv6 address names its IPv4 address. */
const sameAddress = (a: Address, host: string) => {
  const expected = addressOf(host);
  if (a.type === 'domain') return a.type === expected.type && a.host === expected.host;
  const parsed = ipaddr.parse(a.host);
  const plain =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  return expected.type !== 'domain' && plain.toString() === ipaddr.parse(expected.host).toString();
};

/**
 * What the destination receives after the datagrams `send` sends through the relay, of which only those whose
 * payload is in `relayable` may arrive; the last one must (it proves the relay works, so silence means drop).
 * `ifRelayed` is the verdict when the datagrams of `send` arrive too: FAIL where no reading of them is right,
 * INFO where the relay only overlooks a field that binds the sender.
 */
async function onlyRelayable(
  context: CaseContext,
  clause: string,
  association: Association,
  send: (destination: Endpoint) => Promise<unknown>,
  relayable: string,
  dropped: string,
  ifRelayed: 'FAIL' | 'INFO' = 'FAIL',
): Promise<Check> {
  const destination = await openDestination(context);
  await send(destination.endpoint);
  await sendVia(association, destination.endpoint, relayable);
  const [, quiet] = quietWindow(context);
  const seen = await gather(destination.probe, context.ms(2000), quiet);
  const payloads = (d: readonly ReceivedDatagram[]) => relayedPayloads(association, d);
  return verify(clause, seen, (d) => `the destination received ${describeDatagrams(d)}`, [
    outcome(
      'PASS',
      `${dropped} is dropped; the well-formed datagram after it is relayed`,
      (d) => payloads(d).every((p) => p === relayable) && payloads(d).includes(relayable),
    ),
    outcome(
      ifRelayed,
      `${dropped} is relayed${ifRelayed === 'INFO' ? ' (a lenient receiver), and the one after it too' : ''}`,
      (d) =>
        payloads(d).some((p) => p !== relayable) && (ifRelayed === 'FAIL' || payloads(d).includes(relayable)),
    ),
    outcome('FAIL', 'the well-formed datagram that followed is not relayed', () => true),
  ]);
}

const REPLY_HEADER = 'rfc1928/7-reply-header';

/**
 * Sends a datagram through the relay to a destination of the case on `host` (named by `name`, if given), which
 * answers it, and checks the answer that comes back from BND: wrapped in a header, RSV 0, FRAG 0, naming the
 * destination, not the client. `silence` is the verdict when nothing reaches the destination.
 */
async function verifyEchoed(
  context: CaseContext,
  association: Association,
  options: { host: string; name?: string; silence: 'FAIL' | 'INFO' },
): Promise<Check> {
  const destination = await openDestination(context, options.host);
  const echo = destination.endpoint;
  const to = options.name === undefined ? echo : { host: options.name, port: echo.port };
  const trip = await roundTrip(context, association, destination, `echo me ${context.segmentation}`, to);
  const client = association.client.address();
  const answer = (test: (d: UdpDatagram) => boolean) => (t: RoundTrip) =>
    answersFromRelay(t).some((d) => carries(t)(d) && test(d));
  return verify(REPLY_HEADER, trip, describeRoundTrip, [
    outcome(
      'PASS',
      `the answer comes back from BND with RSV 0, FRAG 0 and the header naming the remote ${formatEndpoint(echo)}`,
      answer(
        (d) =>
          d.reserved === 0 && d.fragment === 0 && sameAddress(d.address, echo.host) && d.port === echo.port,
      ),
    ),
    outcome(
      options.silence,
      'nothing reaches the destination through the relay',
      (t) => t.relayed === undefined,
    ),
    outcome(
      'FAIL',
      `the header names the client ${formatEndpoint(client)} instead of the remote source`,
      answer((d) => sameAddress(d.address, client.host) && d.port === client.port),
    ),
    outcome('FAIL', 'the answer comes back from BND without the UDP request header', (t) =>
      t.back.some((d) => cameFrom(d, t.relay) && d.bytes.toString('latin1') === t.payload),
    ),
    outcome('FAIL', 'the answer comes back from elsewhere than BND', answeredAroundRelay),
    outcome('FAIL', 'what comes back from BND is not the answer in a header naming the remote', () => true),
  ]);
}

type Reassembly = 'reassembles' | 'drops' | 'piecemeal';

/** The FRAG 00 datagram after a sequence: its arrival shows the relay works, so that no arrival means a drop. */
const WHOLE = 'whole, after the fragments';

/**
 * Sends FRAG 1, FRAG 0x82, then a whole datagram, and sees what the destination gets besides the whole one: one
 * joined datagram, nothing, or pieces; `relays-nothing` when not even the whole datagram arrives.
 */
async function fragmentPair(
  context: CaseContext,
  association: Association,
  destination: Destination,
  gapMs = 0,
): Promise<{ seen: ReceivedDatagram[]; kind: Reassembly | 'other' | 'relays-nothing' }> {
  await sendVia(association, destination.endpoint, 'first half|', { fragment: 0x01 });
  if (gapMs > 0) await sleep(gapMs);
  await sendVia(association, destination.endpoint, 'second half', { fragment: 0x82 });
  await sendVia(association, destination.endpoint, WHOLE);
  const [first, quiet] = quietWindow(context);
  const seen = await gather(destination.probe, first, quiet);
  const relayed = relayedPayloads(association, seen);
  const got = relayed.filter((p) => p !== WHOLE);
  const kind = !relayed.includes(WHOLE)
    ? 'relays-nothing'
    : got.length === 0
      ? 'drops'
      : got.length === 1 && got[0] === 'first half|second half'
        ? 'reassembles'
        : got.some((p) => p === 'first half|' || p === 'second half')
          ? 'piecemeal'
          : 'other';
  return { seen, kind };
}

const RELAYS_NOTHING = 'not even the whole datagram after the fragments is relayed';

export const udpRelay = defineSuiteCases('RFC 1928 §7', 'suites/server/socks5/rfc1928-7-udp-relay.ts', [
  {
    ...common,
    id: 'socks5/udp/relay-echo',
    clauses: withAssociation([REPLY_HEADER, 'rfc1928/7-udp-header']),
    segmentationVariants: true,
    title: 'A datagram reaches the UDP echo and the answer comes back in a header naming the echo',
    requirement:
      'The relay forwards DATA to DST; a datagram from the remote host comes back to the client wrapped in the ' +
      'UDP request header, RSV 0, FRAG 0, whose ATYP, DST.ADDR and DST.PORT name the remote source (not the client).',
    run: relayCase(async (context, association) => {
      const echo = udpEcho(context);
      if (echo === undefined)
        return skipped(REPLY_HEADER, 'SKIP', 'the echo network has no UDP echo of this family');
      return verifyEchoed(context, association, { host: echo.host, silence: 'FAIL' });
    }),
  },
  {
    ...common,
    id: 'socks5/udp/relay-ipv6',
    clauses: withAssociation([REPLY_HEADER, 'rfc1928/5-atyp-v6']),
    title: 'A datagram to an IPv6 destination comes back in a header naming the IPv6 remote (ATYP 04)',
    requirement:
      'DST may be an IPv6 address (ATYP 04, 16 octets); the answer of the IPv6 remote comes back in a header ' +
      'of 22 octets naming it. A relay without IPv6 may drop the datagram silently: recorded, not failed.',
    run: relayCase(async (context, association) => {
      const echo = context.echo.udpEcho6;
      if (echo === undefined) return skipped(REPLY_HEADER, 'SKIP', 'this host has no IPv6 UDP echo (no ::1)');
      return verifyEchoed(context, association, { host: echo.host, silence: 'INFO' });
    }),
  },
  {
    ...common,
    id: 'socks5/udp/relay-domain',
    clauses: withAssociation([REPLY_HEADER, 'rfc1928/5-atyp-domain']),
    title: 'A datagram to a domain name is relayed, and the answer comes back in a header naming the remote',
    requirement:
      'DST may be a domain name (ATYP 03) that the relay resolves; the answer comes back in a header naming the ' +
      'address it came from. A relay that does not resolve names may drop the datagram silently: recorded.',
    run: relayCase(async (context, association) => {
      const echo = context.echo.udpEcho4;
      if (context.capabilities.names === false) {
        return skipped(
          REPLY_HEADER,
          'SKIP',
          `the target does not resolve ${context.names.resolvable} for CONNECT`,
        );
      }
      return verifyEchoed(context, association, {
        host: echo.host,
        name: context.names.resolvable,
        silence: 'INFO',
      });
    }),
  },
  {
    ...common,
    id: 'socks5/udp/source-ip',
    clauses: withAssociation(['rfc1928/7-src-ip']),
    title: "Datagrams to the relay from a source IP other than the client's are dropped",
    requirement:
      "The relay knows the client's IP address (that of the TCP connection) and drops datagrams from any " +
      'other source IP, also before the client has sent its first datagram.',
    run: relayCase(async (context, association) => sourceIpCheck(context, association, context.altSource)),
  },
  {
    ...common,
    id: 'socks5/udp/rsv-nonzero',
    clauses: withAssociation(['rfc1928/7-udp-header']),
    title: 'A datagram whose RSV is not 0 is dropped or relayed, and the relay goes on working',
    requirement:
      "The UDP request header starts with RSV X'0000', which binds the sender; RFC 1928 §7 sets no rule for a " +
      'relay that receives other octets there, so dropping the datagram passes, relaying it is recorded, and ' +
      'the well-formed datagram after it must still be relayed.',
    run: relayCase((context, association) =>
      onlyRelayable(
        context,
        'rfc1928/7-udp-header',
        association,
        (to) => sendVia(association, to, 'reserved not zero', { reserved: 0x0001 }),
        'reserved zero',
        'a datagram with RSV 0x0001',
        'INFO',
      ),
    ),
  },
  {
    ...common,
    id: 'socks5/udp/truncated-header',
    clauses: withAssociation(['rfc1928/7-udp-header']),
    title: 'Datagrams whose UDP request header is cut short are not relayed, and the relay goes on working',
    requirement:
      'A datagram too short for its header (3 octets, an address or port cut short, a domain length past the ' +
      'end) is dropped, and the relay still serves the next well-formed datagram.',
    run: relayCase((context, association) =>
      onlyRelayable(
        context,
        'rfc1928/7-udp-header',
        association,
        async (to) => {
          const port = Buffer.from([to.port >> 8, to.port & 0xff]);
          const name = Buffer.from(to.host, 'latin1');
          const address =
            addressOf(to.host).type === 'ipv4'
              ? Buffer.from(to.host.split('.').map(Number))
              : Buffer.alloc(16);
          const truncated = [
            Buffer.from([0, 0, 0]),
            Buffer.from([0, 0, 0, 1, ...address.subarray(0, 2)]),
            Buffer.from([0, 0, 0, 1, ...address.subarray(0, 4), port[0]!]),
            // The domain length claims 255 octets; what is there would read as the destination's address and port.
            Buffer.concat([Buffer.from([0, 0, 0, 3, 0xff]), name, port]),
          ];
          for (const bytes of truncated) await sendRaw(association, bytes);
        },
        'well formed',
        'a datagram with a truncated header',
      ),
    ),
  },
  {
    ...common,
    id: 'socks5/udp/fragments',
    clauses: withAssociation(['rfc1928/7-frag-drop', 'rfc1928/7-frag-sem']),
    title: 'A two-fragment sequence is reassembled or dropped, never forwarded piecemeal',
    requirement:
      'FRAG 1 then FRAG 0x82 (position 2, end of sequence): a relay that reassembles forwards the joined DATA ' +
      'once; one without fragmentation support MUST drop both. Forwarding the fragments on their own is neither.',
    run: relayCase(async (context, association) => {
      const destination = await openDestination(context);
      const pair = await fragmentPair(context, association, destination);
      return verify(
        'rfc1928/7-frag-drop',
        pair,
        (p) => `the destination received ${describeDatagrams(p.seen)}`,
        [
          outcome('PASS', 'the sequence is reassembled and forwarded once', (p) => p.kind === 'reassembles'),
          outcome('PASS', 'both fragments are dropped (no fragmentation support)', (p) => p.kind === 'drops'),
          outcome('FAIL', 'fragments are forwarded on their own', (p) => p.kind === 'piecemeal'),
          outcome('FAIL', RELAYS_NOTHING, (p) => p.kind === 'relays-nothing'),
          outcome('FAIL', 'something else is forwarded', () => true),
        ],
      );
    }),
  },
  {
    ...common,
    id: 'socks5/udp/frag-timer',
    clauses: withAssociation(['rfc1928/7-frag-timer']),
    deadlineMs: 12_000,
    expectedMs: 4000,
    title: 'Fragments 4 s apart are still reassembled (reassembly timer of at least 5 s)',
    requirement:
      'The reassembly timer MUST be no less than 5 seconds: a relay that reassembles joins FRAG 1 and FRAG ' +
      '0x82 sent 4 s apart. Only meaningful for a relay that reassembles.',
    run: relayCase(async (context, association) => {
      const clause = 'rfc1928/7-frag-timer';
      const destination = await openDestination(context);
      const quick = await fragmentPair(context, association, destination);
      if (quick.kind !== 'reassembles') {
        return skipped(
          clause,
          'SKIP',
          `the relay does not reassemble a quick sequence (${quick.kind === 'drops' ? 'it drops fragments' : quick.kind === 'relays-nothing' ? RELAYS_NOTHING : 'it forwards them piecemeal'}): no timer to check`,
        );
      }
      // The gap is the spec's, so it is not scaled: a longer one would test a timer the spec does not demand.
      const slow = await fragmentPair(context, association, destination, 4000);
      return verify(clause, slow, (p) => `4 s apart, the destination received ${describeDatagrams(p.seen)}`, [
        outcome('PASS', 'fragments 4 s apart are reassembled', (p) => p.kind === 'reassembles'),
        outcome('FAIL', 'the first fragment was discarded within 4 s (timer under 5 s)', () => true),
      ]);
    }),
  },
  {
    ...common,
    id: 'socks5/udp/frag-reset-lower',
    clauses: withAssociation(['rfc1928/7-frag-reset']),
    title: 'A FRAG lower than the highest seen starts a new sequence',
    requirement:
      'FRAG 1, 2, 1, 0x82: the second FRAG 1 resets the queue, so a relay that reassembles forwards the DATA of ' +
      'the second FRAG 1 and of FRAG 0x82 only, never the fragments before the reset; a relay without ' +
      'fragmentation support drops them all.',
    run: relayCase(async (context, association) => {
      const clause = 'rfc1928/7-frag-reset';
      const destination = await openDestination(context);
      const to = destination.endpoint;
      const quick = await fragmentPair(context, association, destination);
      if (quick.kind === 'piecemeal' || quick.kind === 'other') {
        return skipped(
          clause,
          'SKIP',
          'the relay forwards fragments piecemeal (see socks5/udp/fragments): no queue to reset',
        );
      }
      await sendVia(association, to, 'old one|', { fragment: 0x01 });
      await sendVia(association, to, 'old two|', { fragment: 0x02 });
      await sendVia(association, to, 'new one|', { fragment: 0x01 });
      await sendVia(association, to, 'new two', { fragment: 0x82 });
      const [first, quiet] = quietWindow(context);
      const seen = await gather(destination.probe, first, quiet);
      const got = relayedPayloads(association, seen);
      return verify(clause, seen, (d) => `the destination received ${describeDatagrams(d)}`, [
        outcome(
          'PASS',
          'the datagram is built from the second FRAG 1 and FRAG 0x82',
          () => quick.kind === 'reassembles' && got.length === 1 && got[0] === 'new one|new two',
        ),
        outcome(
          'PASS',
          'every fragment is dropped (no fragmentation support)',
          () => quick.kind === 'drops' && got.length === 0,
        ),
        outcome('FAIL', 'the fragments before the lower FRAG are not discarded', () =>
          got.some((p) => p.includes('old one') || p.includes('old two')),
        ),
        outcome('FAIL', `before the sequence, ${RELAYS_NOTHING}`, () => quick.kind === 'relays-nothing'),
        // RFC 1928 §7 resets the queue on the lower FRAG but does not say whether that fragment starts the new one.
        outcome('INFO', 'the queue is reset and the lower FRAG is discarded with it', () => got.length === 0),
        outcome('FAIL', 'something else is forwarded', () => true),
      ]);
    }),
  },
  {
    ...common,
    id: 'socks5/udp/silent',
    clauses: withAssociation(['rfc1928/7-silent', 'rfc1928/6-udp-lifetime']),
    title: 'A datagram that cannot be delivered is dropped without notice',
    requirement:
      'A datagram whose destination cannot be reached (an unresolvable name, port 0) is dropped; the relay ' +
      'sends the client no error datagram (the spec describes the relay so; other behaviour is recorded), and ' +
      'the association goes on: it ends only with its TCP connection.',
    run: relayCase(async (context, association) => {
      const unresolvable = { host: context.names.unresolvable, port: 9 };
      const portZero = { host: association.relay.host, port: 0 };
      await sendVia(association, unresolvable, 'undeliverable name');
      await sendVia(association, portZero, 'undeliverable port');
      const [first, quiet] = quietWindow(context);
      const back = await gather(association.client, 2 * first, quiet);
      const to = [unresolvable, portZero]
        .map((e) => describeAddress(addressOf(e.host), e.port))
        .join(' and ');
      const silent = verify(
        'rfc1928/7-silent',
        back,
        (d) => `the client received ${describeReplyDatagrams(d)}`,
        [
          outcome('PASS', `nothing comes back for datagrams to ${to}`, (d) => d.length === 0),
          outcome('INFO', 'the relay notifies the client with a datagram', () => true),
        ],
      );
      return [silent, await verifyRelays(context, 'rfc1928/6-udp-lifetime', association)];
    }),
  },
]);

/**
 * The source-IP check, from `altSource` (127.0.0.2 by default; `--alt-source` names another address of this
 * host that can reach a remote target). The other host's datagram goes first, so that a relay that pins the
 * association to whatever source speaks first is caught too.
 */
export async function sourceIpCheck(
  context: CaseContext,
  association: Association,
  altSource = '127.0.0.2',
): Promise<Check> {
  const clause = 'rfc1928/7-src-ip';
  const loopback = (host: string) => host.startsWith('127.') || host === '::1';
  if (loopback(altSource) && !loopback(association.relay.host)) {
    return skipped(
      clause,
      'SKIP',
      `the relay ${association.relay.host} is not on loopback: give --alt-source, another address of this host`,
    );
  }
  const family = altSource.includes(':') ? 6 : 4;
  let other: Association['client'];
  try {
    other = await context.openUdp(family, altSource);
  } catch (error) {
    return skipped(clause, 'SKIP', `cannot send from ${altSource}: ${String(error)}`);
  }
  const destination = await openDestination(context);
  await sendVia(association, destination.endpoint, 'from another host', {}, other);
  await sendVia(association, destination.endpoint, 'from the client');
  const [, quiet] = quietWindow(context);
  const seen = await gather(destination.probe, context.ms(2000), quiet);
  const payloads = (d: readonly ReceivedDatagram[]) => relayedPayloads(association, d);
  return verify(clause, seen, (d) => `the destination received ${describeDatagrams(d)}`, [
    outcome(
      'PASS',
      `the datagram from ${altSource} is dropped; the client's is relayed`,
      (d) => payloads(d).length > 0 && payloads(d).every((p) => p === 'from the client'),
    ),
    outcome('FAIL', `the datagram from ${altSource} is relayed`, (d) =>
      payloads(d).includes('from another host'),
    ),
    outcome('FAIL', "the client's own datagram is not relayed", () => true),
  ]);
}
