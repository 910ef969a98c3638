/**
 * RFC 1928 §6, BIND: "Two replies are sent from the SOCKS server to the client during a BIND operation." The
 * first, once the server has bound a new socket, names in BND the address and port it listens on; "the second
 * reply occurs only after the anticipated incoming connection succeeds or fails" and names the connecting host.
 * "It is expected that a SOCKS server will use DST.ADDR and DST.PORT in evaluating the BIND request": the spec
 * leaves open what the evaluation is, so a peer from a host other than DST.ADDR may be refused or accepted.
 *
 * The peer is the harness itself, connecting to the address of the first reply. DST.ADDR names the echo
 * network's address (the host the peer connects from, so a server that admits only DST.ADDR admits it) and
 * DST.PORT a port there where nothing listens: a server that names DST back as BND and never listens leaves
 * the peer refused, instead of connected to a listener of the harness.
 */
import ipaddr from 'ipaddr.js';
import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { Endpoint } from '../../../harness/net/endpoint.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { type Address, formatAddress, ipv4 } from '../../../harness/wire/address.js';
import { Command } from '../../../harness/wire/constants.js';
import { decodeReply, encodeRequest, type ReplyMessage } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { verifyClosesAfterFailure } from '../support/close-rule.js';
import { describeRead, describeSilence } from '../support/observations.js';
import { describeReplyRead, isReply, openWith, type Replied, request } from '../support/socks5-request.js';

const FIRST = 'rfc1928/6-bind-first';
const SECOND = 'rfc1928/6-bind-second';
const EVALUATION = 'rfc1928/6-bind-eval';
const FORMAT = 'rfc1928/6-reply-format';
const EARLY_DATA = 'rfc1928/6-success-data';
const CLOSE = 'rfc1928/6-reply-close-10s';

const PEER_DATA = Buffer.from('from the BIND peer to the client\n');
const CLIENT_DATA = Buffer.from('from the client to the BIND peer\n');
const EARLY = Buffer.from('sent by the client right after the BIND request\n');

/** The same host, whatever the notation (an IPv4-mapped IPv6 address is its IPv4 address). */
function sameHost(a: string, b: string): boolean {
  if (!ipaddr.isValid(a) || !ipaddr.isValid(b)) return a === b;
  return ipaddr.process(a).toString() === ipaddr.process(b).toString();
}

function isUnspecified(address: Address): boolean {
  return (
    address.type !== 'domain' &&
    ipaddr.isValid(address.host) &&
    ipaddr.process(address.host).range() === 'unspecified'
  );
}

/** Where a peer reaches the listener: BND, or the target's own address when BND is 0.0.0.0 or ::, as clients do. */
function rendezvous(context: CaseContext, first: ReplyMessage): Endpoint {
  return { host: isUnspecified(first.address) ? context.target.host : first.address.host, port: first.port };
}

type Bound =
  | { readonly check: Check | Check[] }
  | { readonly probe: TcpProbe; readonly first: Check; readonly reply: ReplyMessage };

/**
 * `request`, except that data behind the request leaves with the request's last octet also when the client's
 * octets go one at a time: otherwise it would follow the first reply, which is another situation (Dante, for
 * one, reads the control connection for further requests while it waits for the peer).
 */
async function sendBind(context: CaseContext, message: Buffer, trailing: number): Promise<Replied> {
  if (trailing === 0 || context.segmentation !== 'bytewise') return request(context, FIRST, message);
  const split = message.length - trailing - 1;
  const opened = await openWith(context, FIRST, message.subarray(0, split));
  if ('check' in opened) return opened;
  await opened.probe.send(message.subarray(split));
  return { probe: opened.probe, reply: await opened.probe.read(decodeReply, context.ms(5000)) };
}

/**
 * Sends a BIND (and `after`, pipelined) and reads the first reply. REP 00 goes on; a failure reply is how the
 * spec lets a server refuse an optional command (UNSUPPORTED, with the close rule); anything else fails.
 */
async function requestBind(context: CaseContext, after: Uint8Array = Buffer.alloc(0)): Promise<Bound> {
  const { host, port } = context.echo.refused4;
  const message = Buffer.concat([encodeRequest(Command.BIND, ipv4(host), port), after]);
  const replied = await sendBind(context, message, after.length);
  if ('check' in replied) return replied;
  const { probe, reply } = replied;
  const first = verify(FIRST, reply, describeReplyRead, [
    outcome('PASS', 'a first reply, REP 00', (r) => isReply(r, (v) => v.reply === 0)),
    outcome(
      'UNSUPPORTED',
      'refuses BIND with a full failure reply (REP 07 command not supported, or another failure code)',
      (r) => isReply(r, (v) => v.reply !== 0),
    ),
    outcome('FAIL', 'closes without a reply', (r) => r.kind === 'closed' && r.bytes.length === 0),
    outcome('FAIL', 'no reply to the request', (r) => r.kind === 'timeout' && r.bytes.length === 0),
    outcome('FAIL', 'a partial or malformed reply', (r) => r.bytes.length > 0),
  ]);
  if (first.verdict === 'PASS' && reply.kind === 'decoded') return { probe, first, reply: reply.value };
  if (first.verdict !== 'UNSUPPORTED' || reply.kind !== 'decoded') return { check: first };
  return { check: [first, await verifyClosesAfterFailure(context, probe, reply.at, 'the failure reply')] };
}

/** Connects the peer to the first reply's address; a check instead when nothing accepts there. */
async function connectPeer(
  context: CaseContext,
  first: ReplyMessage,
  from?: string,
): Promise<{ readonly peer: TcpProbe } | { readonly check: Check }> {
  const to = rendezvous(context, first);
  const opened = await context.connectPeer(to, from);
  if (opened.ok) return { peer: opened.probe };
  const check = verify(FIRST, opened, (o) => (o.ok ? 'connected' : `${o.code}: ${o.message}`), [
    outcome('PASS', `a peer connects at the first reply's BND (${to.host}:${to.port})`, (o) => o.ok),
    outcome(
      'FAIL',
      `nothing accepts a connection at the first reply's BND (${to.host}:${to.port})`,
      () => true,
    ),
  ]);
  return { check };
}

const namesPeer = (peer: TcpProbe) => (v: ReplyMessage) =>
  v.reply === 0 &&
  v.address.type !== 'domain' &&
  sameHost(v.address.host, peer.localAddress) &&
  v.port === peer.localPort;

/** The second reply once the anticipated peer connected: REP 00 naming it; a refusal is the target's choice. */
async function verifySecondReply(context: CaseContext, probe: TcpProbe, peer: TcpProbe): Promise<Check[]> {
  const second = await probe.read(decodeReply, context.ms(5000));
  const check = verify(SECOND, second, describeReplyRead, [
    outcome('PASS', `a second reply, REP 00, naming the peer ${peer.localAddress}:${peer.localPort}`, (r) =>
      isReply(r, namesPeer(peer)),
    ),
    outcome('FAIL', "a second reply REP 00 naming another address or port than the peer's", (r) =>
      isReply(r, (v) => v.reply === 0),
    ),
    outcome('INFO', 'refuses the anticipated peer with a full failure reply (its own ruleset)', (r) =>
      isReply(r, (v) => v.reply !== 0),
    ),
  ]);
  if (check.verdict !== 'INFO' || second.kind !== 'decoded') return [check];
  return [check, await verifyClosesAfterFailure(context, probe, second.at, 'the failure reply')];
}

type Carried = ReadResult<Buffer>;

function verifyCarried(clause: string, what: string, sent: Buffer, carried: Carried): Check {
  return verify(
    clause,
    carried,
    (c) => describeRead(c, (bytes) => (bytes.equals(sent) ? 'the octets sent' : 'other octets')),
    [outcome('PASS', `${what} arrives unchanged`, (c) => c.kind === 'decoded' && c.bytes.equals(sent))],
  );
}

/**
 * A connection to BND refused: nothing listens there (a server that filters peers by host does so after the
 * accept, with its second reply, as RFC 1928 §6 describes).
 */
function refusedAtBnd(to: Endpoint, from: string): Check {
  return verify(
    FIRST,
    to,
    (e) => `a peer from ${from} was refused at BND ${e.host}:${e.port} (ECONNREFUSED)`,
    [
      outcome('PASS', 'a peer connects at BND, the listener of the first reply', () => false),
      outcome('FAIL', 'nothing listens at BND: the connection is refused', () => true),
    ],
  );
}

/** Where a second reply to a peer from an unexpected host bears on: its wire format, its BND, or the evaluation. */
function otherHostClause(second: ReadResult<ReplyMessage>, peer: TcpProbe): string {
  if ((second.kind === 'closed' || second.kind === 'malformed') && second.bytes.length > 0) return FORMAT;
  if (second.kind === 'closed') return SECOND;
  if (isReply(second, (v) => v.reply === 0 && !namesPeer(peer)(v))) return SECOND;
  return EVALUATION;
}

export const bind = defineSuiteCases('RFC 1928 §6 BIND', 'suites/server/socks5/rfc1928-6-bind.ts', [
  {
    id: 'socks5/bind/two-replies',
    clauses: [FIRST, SECOND, CLOSE],
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    proves: 'bind',
    segmentationVariants: true,
    title: 'BIND: a first reply names the listener, a second the peer, then data flows both ways',
    requirement:
      'The first reply names the address and port the server listens on; once a peer connects there, the second ' +
      "reply names the peer's address and port, and from then on the server relays both ways.",
    run: async (context) => {
      const bound = await requestBind(context);
      if ('check' in bound) return bound.check;
      const { probe, first, reply } = bound;
      const connected = await connectPeer(context, reply);
      if ('check' in connected) return [first, connected.check];
      const { peer } = connected;
      const second = await verifySecondReply(context, probe, peer);
      if (second[0]!.verdict !== 'PASS') return [first, ...second];
      await peer.send(PEER_DATA);
      const toClient = await probe.readBytes(PEER_DATA.length, context.ms(3000));
      await probe.send(CLIENT_DATA);
      const toPeer = await peer.readBytes(CLIENT_DATA.length, context.ms(3000));
      return [
        first,
        ...second,
        verifyCarried(SECOND, "the peer's data, relayed to the client,", PEER_DATA, toClient),
        verifyCarried(SECOND, "the client's data, relayed to the peer,", CLIENT_DATA, toPeer),
      ];
    },
  },
  {
    id: 'socks5/bind/second-reply-waits-for-peer',
    clauses: [SECOND, FIRST, CLOSE],
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    title: 'BIND: no second reply before the peer connects',
    requirement:
      'The second reply comes only after the anticipated inbound connection succeeds or fails, so nothing follows ' +
      'the first reply while no peer has connected; the second reply follows the peer.',
    run: async (context) => {
      const bound = await requestBind(context);
      if ('check' in bound) return bound.check;
      const { probe, first, reply } = bound;
      const before = await probe.expectSilence(context.ms(500));
      const waits = verify(SECOND, before, describeSilence, [
        outcome('PASS', 'nothing while no peer has connected', (s) => s.kind === 'silence'),
        outcome(
          'FAIL',
          'a second reply (or other octets) before any peer connected',
          (s) => s.kind === 'data',
        ),
        outcome('FAIL', 'closes the connection before any peer connected', (s) => s.kind === 'closed'),
      ]);
      if (waits.verdict !== 'PASS') return [first, waits];
      const connected = await connectPeer(context, reply);
      if ('check' in connected) return [first, waits, connected.check];
      return [first, waits, ...(await verifySecondReply(context, probe, connected.peer))];
    },
  },
  {
    id: 'socks5/bind/early-data-relayed',
    clauses: [EARLY_DATA, FIRST, SECOND, CLOSE],
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    segmentationVariants: true,
    title: 'BIND: data the client sends right after the request reaches the peer',
    requirement:
      'Data the client writes behind the BIND request, before either reply, is not lost: the server relays it to ' +
      'the peer once the peer has connected.',
    run: async (context) => {
      const bound = await requestBind(context, EARLY);
      if ('check' in bound) return bound.check;
      const { probe, first, reply } = bound;
      const connected = await connectPeer(context, reply);
      if ('check' in connected) return [first, connected.check];
      const { peer } = connected;
      const second = await verifySecondReply(context, probe, peer);
      if (second[0]!.verdict !== 'PASS') return [first, ...second];
      const early = await peer.readBytes(EARLY.length, context.ms(3000));
      return [first, ...second, verifyCarried(SECOND, 'the data sent behind the request', EARLY, early)];
    },
  },
  {
    id: 'socks5/bind/first-reply-bnd',
    clauses: [FIRST, CLOSE],
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    title: 'BIND: the first reply names an address and a non-zero port where a peer can connect',
    requirement:
      'BND.PORT of the first reply is the port the server listens on and BND.ADDR its address; 0.0.0.0 leaves ' +
      "the client to substitute the server's address (a SOCKS4 convention RFC 1928 does not state).",
    run: async (context) => {
      const bound = await requestBind(context);
      if ('check' in bound) return bound.check;
      const { probe, reply } = bound;
      const to = rendezvous(context, reply);
      const reach = reply.port === 0 ? undefined : await context.connectPeer(to);
      const second = reach?.ok ? await probe.read(decodeReply, context.ms(5000)) : undefined;
      const observed = { reply, reach, second };
      const shown = (o: typeof observed) =>
        `BND ${formatAddress(o.reply.address)}:${o.reply.port}` +
        (o.reach === undefined
          ? ''
          : o.reach.ok
            ? `, a peer connected to ${to.host}:${to.port}; then ${describeReplyRead(o.second!)}`
            : `, a peer could not connect to ${to.host}:${to.port} (${o.reach.code})`);
      return verify(FIRST, observed, shown, [
        outcome('FAIL', 'BND.PORT 0: no port a peer could connect to', (o) => o.reply.port === 0),
        outcome('FAIL', 'nothing accepts a connection at BND', (o) => o.reach?.ok !== true),
        outcome(
          'FAIL',
          "a peer connects at BND, but no second reply follows: nothing shows BND is the server's listener",
          (o) => o.second === undefined || !isReply(o.second, () => true),
        ),
        outcome(
          'WARN',
          "BND.ADDR unspecified (0.0.0.0 or ::): the client must substitute the server's address",
          (o) => isUnspecified(o.reply.address),
        ),
        outcome(
          'PASS',
          'BND names the listener: a peer connects there and the second reply follows',
          () => true,
        ),
      ]);
    },
  },
  {
    id: 'socks5/bind/peer-from-other-host',
    clauses: [EVALUATION, FIRST, SECOND, FORMAT, CLOSE],
    role: 'server',
    versions: ['5'],
    feature: 'bind',
    deadlineMs: 20_000,
    title: 'BIND: a peer from a host other than DST.ADDR is refused with a full second reply, or accepted',
    requirement:
      'The server evaluates the BIND with DST.ADDR; a peer from another host may be refused (a second reply ' +
      'with REP other than 00, then the close within 10 s) or accepted (recorded); never a partial reply.',
    run: async (context) => {
      if (sameHost(context.altSource, context.echo.refused4.host)) {
        return skipped(EVALUATION, 'SKIP', `the alternative source ${context.altSource} is DST.ADDR itself`);
      }
      const bound = await requestBind(context);
      if ('check' in bound) return bound.check;
      const { probe, first, reply } = bound;
      const to = rendezvous(context, reply);
      const opened = await context.connectPeer(to, context.altSource);
      if (!opened.ok && opened.code === 'ECONNREFUSED') return [first, refusedAtBnd(to, context.altSource)];
      if (!opened.ok) {
        return skipped(EVALUATION, 'SKIP', `no connection from ${context.altSource} to BND: ${opened.code}`);
      }
      const peer = opened.probe;
      const second = await probe.read(decodeReply, context.ms(3000));
      const check = verify(otherHostClause(second, peer), second, describeReplyRead, [
        outcome('PASS', 'refuses the peer with a full second reply, REP other than 00', (r) =>
          isReply(r, (v) => v.reply !== 0),
        ),
        outcome(
          'INFO',
          `accepts the peer from ${context.altSource}: a second reply, REP 00, naming it`,
          (r) => isReply(r, namesPeer(peer)),
        ),
        outcome(
          'INFO',
          'no second reply yet: the server ignores a connection it did not anticipate and goes on waiting',
          (r) => r.kind === 'timeout' && r.bytes.length === 0,
        ),
        outcome('FAIL', "a second reply REP 00 naming another address or port than the peer's", (r) =>
          isReply(r, (v) => v.reply === 0),
        ),
        outcome('FAIL', 'a partial second reply', (r) => r.bytes.length > 0),
        outcome('FAIL', 'closes the control connection without a second reply', (r) => r.kind === 'closed'),
      ]);
      if (check.verdict !== 'PASS' || second.kind !== 'decoded') return [first, check];
      return [first, check, await verifyClosesAfterFailure(context, probe, second.at, 'the failure reply')];
    },
  },
]);
