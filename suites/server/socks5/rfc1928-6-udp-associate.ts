/**
 * RFC 1928 §6, UDP ASSOCIATE: "The UDP ASSOCIATE request is used to establish an association within the UDP
 * relay process to handle UDP datagrams. The DST.ADDR and DST.PORT fields contain the address and port that the
 * client expects to use to send UDP datagrams on for the association. The server MAY use this information to
 * limit access to the association. If the client is not in possession of the information at the time of the
 * UDP ASSOCIATE, the client MUST use a port number and address of all zeros." "A UDP association terminates
 * when the TCP connection that the UDP ASSOCIATE request arrived on terminates." The reply's BND.ADDR and
 * BND.PORT name where the client must send its datagrams.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { Endpoint } from '../../../harness/net/endpoint.js';
import type { SilenceResult } from '../../../harness/net/tcp-probe.js';
import { sleep } from '../../../harness/net/timers.js';
import { addressOf, describeAddress } from '../../../harness/wire/address.js';
import { Command, Method, Reply } from '../../../harness/wire/constants.js';
import { decodeAuthResponse, encodeAuthRequest } from '../../../harness/wire/rfc1929.js';
import { decodeMethodSelection, encodeGreeting } from '../../../harness/wire/socks5-greeting.js';
import { decodeReply, encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases, type SuiteCase } from '../../define-cases.js';
import { describeSilence } from '../support/observations.js';
import { refusedCredentials } from '../support/rfc1929-credentials.js';
import {
  associate,
  describeDatagrams,
  gather,
  type Hint,
  openDestination,
  openUnassociated,
  quietWindow,
  relayedPayloads,
  sendUnassociated,
  sendVia,
  verifyNotRelayed,
  withAssociation,
} from '../support/socks5-udp-association.js';
import { verifyRelays } from '../support/udp-round-trip.js';

const common = {
  role: 'server',
  versions: ['5'],
  feature: 'udp',
  segmentationVariants: true,
} as const satisfies Partial<SuiteCase>;

const LIFETIME = 'rfc1928/6-udp-lifetime';

function hintCase(hint: Hint, id: string, title: string, requirement: string): SuiteCase {
  return {
    ...common,
    id,
    // Zeros are what a client without the information MUST send: serving them is the case's claim.
    clauses: withAssociation(
      hint === 'zeros'
        ? ['rfc1928/6-udp-zero', 'rfc1928/6-udp-hint', LIFETIME]
        : ['rfc1928/6-udp-hint', LIFETIME],
      hint,
    ),
    title,
    requirement,
    run: async (context) => {
      const opened = await associate(context, hint);
      if ('checks' in opened) return opened.checks;
      // An association the server accepted relays while it lasts: a DESC clause, unlike the MAY of the hint.
      return verifyRelays(context, LIFETIME, opened.association);
    },
  };
}

const SOURCE_IP = 'rfc1928/7-src-ip';

/**
 * A client whose RFC 1929 login fails, with a UDP ASSOCIATE pipelined behind its credentials (a client that does
 * not wait, or one that hopes the server will not either), then datagrams to the TCP port number and to any
 * relay a reply named: none may be relayed.
 */
async function afterFailedLogin(context: CaseContext): Promise<Check | Check[]> {
  if (!context.capabilities.acceptedMethods.includes(Method.USERNAME_PASSWORD)) {
    return skipped(SOURCE_IP, 'SKIP', 'the target does not select USERNAME/PASSWORD');
  }
  const unassociated = await openUnassociated(context, SOURCE_IP);
  if ('check' in unassociated) return unassociated.check;
  const probe = await context.connect();
  await probe.send(encodeGreeting([Method.USERNAME_PASSWORD]));
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  if (selection.kind !== 'decoded' || selection.value.method !== Method.USERNAME_PASSWORD) {
    return skipped(SOURCE_IP, 'ERROR', 'USERNAME/PASSWORD was not selected this time');
  }
  const { username, password } = refusedCredentials(context.credentials);
  const source = unassociated.client.address();
  await probe.send(
    Buffer.concat([
      encodeAuthRequest(username, password),
      encodeRequest(Command.UDP_ASSOCIATE, addressOf(source.host), source.port),
    ]),
  );
  const response = await probe.read(decodeAuthResponse, context.ms(3000));
  if (response.kind === 'decoded' && response.value.status === 0) {
    return skipped(
      SOURCE_IP,
      'SKIP',
      'the target let a wrong password in (socks5/auth/wrong-password-refused judges that)',
    );
  }
  const reply = await probe.read(decodeReply, context.ms(1000));
  const relay: Endpoint | undefined =
    reply.kind === 'decoded' && reply.value.reply === Reply.SUCCEEDED && reply.value.port !== 0
      ? {
          host: /^(0\.0\.0\.0|::)$/.test(reply.value.address.host)
            ? context.target.host
            : reply.value.address.host,
          port: reply.value.port,
        }
      : undefined;
  await sendUnassociated(
    unassociated,
    context.target,
    'to the TCP port number after a failed login',
    'stranger',
  );
  if (relay) await sendUnassociated(unassociated, relay, 'to the relay named after a failed login');
  return verifyNotRelayed(
    context,
    SOURCE_IP,
    unassociated,
    relay
      ? 'datagrams sent after a failed login, to the TCP port number and to the relay a reply named'
      : 'a datagram sent to the TCP port number after a failed login',
  );
}

export const udpAssociate = defineSuiteCases(
  'RFC 1928 §6 UDP ASSOCIATE',
  'suites/server/socks5/rfc1928-6-udp-associate.ts',
  [
    {
      ...common,
      id: 'socks5/udp/associate-reply',
      proves: 'udp',
      clauses: withAssociation(['rfc1928/6-reply-format', 'rfc1928/6-udp-bnd']),
      title: 'UDP ASSOCIATE is answered with a full REP 00 reply naming a relay that datagrams reach',
      requirement:
        'The reply is VER 05, REP 00, RSV 00, ATYP, BND.ADDR, BND.PORT at full length; BND names the relay. A ' +
        'BND.ADDR of all zeros leaves the client to guess the relay address (it can only try the server address, ' +
        'which the case then does); a datagram sent to BND is relayed to a destination, whose answer comes back ' +
        "from BND. A BND naming the client's own UDP socket names no relay.",
      run: async (context) => {
        const opened = await associate(context);
        if ('checks' in opened) return opened.checks;
        const { reply } = opened.association;
        const bnd = describeAddress(reply.address, reply.port);
        const format = verify('rfc1928/6-reply-format', reply, () => `REP 00, RSV 00, BND ${bnd}`, [
          outcome('PASS', 'a well-formed REP 00 reply at full length', () => true),
        ]);
        const address = verify('rfc1928/6-udp-bnd', reply, () => `BND ${bnd}`, [
          outcome('WARN', 'BND.ADDR is all zeros: the client must substitute the server address', (r) =>
            r.address.type === 'domain' ? false : /^(0\.0\.0\.0|::)$/.test(r.address.host),
          ),
          outcome('PASS', 'BND names an address and a port to send datagrams to', () => true),
        ]);
        return [format, address, await verifyRelays(context, 'rfc1928/6-udp-bnd', opened.association)];
      },
    },
    hintCase(
      'zeros',
      'socks5/udp/hint-zeros',
      'UDP ASSOCIATE with DST all zeros is served',
      'A client that does not know its UDP source MUST send zeros in DST; the server accepts them, and the ' +
        'association relays datagrams.',
    ),
    hintCase(
      'source',
      'socks5/udp/hint-source',
      "UDP ASSOCIATE naming the client's real UDP source in DST is served",
      'DST names the address and port the client will send from; the server MAY restrict the association to ' +
        'it, and datagrams from exactly that source are relayed.',
    ),
    {
      ...common,
      id: 'socks5/udp/tcp-stays-open',
      clauses: withAssociation(['rfc1928/6-udp-lifetime']),
      title: 'The server keeps the TCP connection open after a successful UDP ASSOCIATE',
      requirement:
        'The association lasts as long as its TCP connection, so the server does not close that connection ' +
        'after the reply; datagrams are relayed while it is open.',
      run: async (context) => {
        const clause = 'rfc1928/6-udp-lifetime';
        const opened = await associate(context);
        if ('checks' in opened) return opened.checks;
        const after = await opened.association.control.expectSilence(context.ms(500));
        const open = verify(clause, after, (s: SilenceResult) => `after the reply: ${describeSilence(s)}`, [
          outcome('PASS', 'the TCP connection stays open', (s) => s.kind === 'silence'),
          outcome(
            'FAIL',
            'the server closes the TCP connection after a successful reply',
            (s) => s.kind === 'closed',
          ),
          outcome('FAIL', 'the server sends octets after the reply', (s) => s.kind === 'data'),
        ]);
        if (open.verdict !== 'PASS') return open;
        return [open, await verifyRelays(context, clause, opened.association)];
      },
    },
    {
      id: 'socks5/udp/no-association-tcp-port',
      clauses: [SOURCE_IP, 'rfc1928/6-udp-lifetime'],
      role: 'server',
      versions: ['5'],
      title: "A datagram sent over UDP to the server's TCP port number, with no association, is not relayed",
      requirement:
        'Datagrams are relayed within an association, which a UDP ASSOCIATE on an open TCP connection sets up, ' +
        'and the relay MUST drop any datagram but from the client recorded for it. A datagram in the UDP request ' +
        "format sent to the TCP listener's port number by a host that asked for nothing reaches no destination; " +
        'a server that relays it lets anyone past its authentication.',
      run: async (context) => {
        const unassociated = await openUnassociated(context, SOURCE_IP);
        if ('check' in unassociated) return unassociated.check;
        await sendUnassociated(unassociated, context.target, 'sent with no association', 'stranger');
        return verifyNotRelayed(
          context,
          SOURCE_IP,
          unassociated,
          'a datagram sent to the TCP port number with no association',
        );
      },
    },
    {
      id: 'socks5/udp/no-association-after-failed-login',
      clauses: [SOURCE_IP, 'rfc1929/2-fail-close'],
      role: 'server',
      versions: ['5'],
      title: 'After a failed RFC 1929 login no datagram is relayed, to the TCP port number or to any relay',
      requirement:
        'A client whose credentials fail gets no association: the server closes (RFC 1929 §2) and serves no ' +
        'request, a UDP ASSOCIATE pipelined behind the credentials included, and its relay drops datagrams of ' +
        'any source without an association. Datagrams sent to the TCP port number, or to a relay a reply named, ' +
        'reach no destination.',
      run: afterFailedLogin,
    },
    {
      ...common,
      id: 'socks5/udp/ends-with-tcp',
      clauses: withAssociation(['rfc1928/6-udp-lifetime']),
      title: 'The association ends when its TCP connection ends',
      requirement:
        'Once the client closes the TCP connection the UDP ASSOCIATE arrived on, the relay forwards none of ' +
        "the client's datagrams.",
      run: async (context) => {
        const clause = 'rfc1928/6-udp-lifetime';
        const opened = await associate(context);
        if ('checks' in opened) return opened.checks;
        const { association } = opened;
        const destination = await openDestination(context);
        await sendVia(association, destination.endpoint, 'while open');
        const before = await gather(destination.probe, context.ms(2000), context.ms(50));
        if (!relayedPayloads(association, before).includes('while open')) {
          return verify(clause, before, (d) => `the destination received ${describeDatagrams(d)}`, [
            outcome('FAIL', 'the open association does not relay a datagram', () => true),
          ]);
        }
        association.control.destroy();
        await sleep(context.ms(300));
        await sendVia(association, destination.endpoint, 'after close');
        const [first, quiet] = quietWindow(context);
        const after = await gather(destination.probe, first, quiet);
        const back = await gather(association.client, context.ms(50), context.ms(50));
        return verify(
          clause,
          { after, back },
          (o) =>
            `after the close the destination received ${describeDatagrams(o.after)}; the client ${describeDatagrams(o.back)}`,
          [
            outcome(
              'PASS',
              'a datagram sent after the TCP connection closed is not relayed',
              (o) => relayedPayloads(association, o.after).length === 0,
            ),
            outcome('FAIL', 'the relay still forwards datagrams after the TCP connection closed', () => true),
          ],
        );
      },
    },
  ],
);
