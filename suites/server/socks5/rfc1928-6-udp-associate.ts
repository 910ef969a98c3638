/**
 * RFC 1928 §6, UDP ASSOCIATE: "The UDP ASSOCIATE request is used to establish an association within the UDP
 * relay process to handle UDP datagrams. The DST.ADDR and DST.PORT fields contain the address and port that the
 * client expects to use to send UDP datagrams on for the association. The server MAY use this information to
 * limit access to the association. If the client is not in possession of the information at the time of the
 * UDP ASSOCIATE, the client MUST use a port number and address of all zeros." "A UDP association terminates
 * when the TCP connection that the UDP ASSOCIATE request arrived on terminates." The reply's BND.ADDR and
 * BND.PORT name where the client must send its datagrams.
 */
import type { SilenceResult } from '../../../harness/net/tcp-probe.js';
import { sleep } from '../../../harness/net/timers.js';
import type { CaseDefinition } from '../../../harness/runner/case.js';
import { defineCases } from '../../../harness/runner/case.js';
import { outcome, verify } from '../../../harness/runner/outcome.js';
import { describeAddress } from '../../../harness/wire/address.js';
import { describeSilence } from '../support/observations.js';
import {
  associate,
  describeDatagrams,
  gather,
  type Hint,
  openDestination,
  payloads,
  quietWindow,
  sendVia,
  verifyRelays,
} from '../support/socks5-udp-association.js';

const CLOSE = 'rfc1928/6-reply-close-10s';

const common = {
  role: 'server',
  versions: ['5'],
  feature: 'udp',
  segmentationVariants: true,
} as const satisfies Partial<CaseDefinition>;

function hintCase(hint: Hint, id: string, title: string, requirement: string): CaseDefinition {
  const clause = 'rfc1928/6-udp-hint';
  return {
    ...common,
    id,
    clauses: [clause, CLOSE],
    level: 'MAY',
    title,
    requirement,
    run: async (context) => {
      const opened = await associate(context, clause, hint);
      if ('checks' in opened) return opened.checks;
      return verifyRelays(context, clause, opened.association);
    },
  };
}

export const udpAssociate = defineCases(
  'RFC 1928 §6 UDP ASSOCIATE',
  'suites/server/socks5/rfc1928-6-udp-associate.ts',
  [
    {
      ...common,
      id: 'socks5/udp/associate-reply',
      clauses: ['rfc1928/6-reply-format', 'rfc1928/6-udp-bnd', CLOSE],
      level: 'FMT',
      title: 'UDP ASSOCIATE is answered with a full REP 00 reply naming a relay that datagrams reach',
      requirement:
        'The reply is VER 05, REP 00, RSV 00, ATYP, BND.ADDR, BND.PORT at full length; BND names the relay. A ' +
        'BND.ADDR of all zeros leaves the client to guess the relay address (it can only try the server address, ' +
        'which the case then does); a datagram sent to BND reaches the UDP echo and the answer comes back.',
      run: async (context) => {
        const opened = await associate(context, 'rfc1928/6-reply-format');
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
      clauses: ['rfc1928/6-udp-lifetime', CLOSE],
      level: 'DESC',
      title: 'The server keeps the TCP connection open after a successful UDP ASSOCIATE',
      requirement:
        'The association lasts as long as its TCP connection, so the server does not close that connection ' +
        'after the reply; datagrams are relayed while it is open.',
      run: async (context) => {
        const clause = 'rfc1928/6-udp-lifetime';
        const opened = await associate(context, clause);
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
      ...common,
      id: 'socks5/udp/ends-with-tcp',
      clauses: ['rfc1928/6-udp-lifetime', CLOSE],
      level: 'DESC',
      title: 'The association ends when its TCP connection ends',
      requirement:
        'Once the client closes the TCP connection the UDP ASSOCIATE arrived on, the relay forwards none of ' +
        "the client's datagrams.",
      run: async (context) => {
        const clause = 'rfc1928/6-udp-lifetime';
        const opened = await associate(context, clause);
        if ('checks' in opened) return opened.checks;
        const { association } = opened;
        const destination = await openDestination(context);
        await sendVia(association, destination.endpoint, 'while open');
        const before = await gather(destination.probe, context.ms(2000), context.ms(50));
        if (!payloads(before).includes('while open')) {
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
              (o) => o.after.length === 0,
            ),
            outcome('FAIL', 'the relay still forwards datagrams after the TCP connection closed', () => true),
          ],
        );
      },
    },
  ],
);
