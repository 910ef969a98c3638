/**
 * RFC 1928 §6, CONNECT: the reply reflects the outcome of the outbound connection; after REP X'00' the server
 * relays data both ways, as a transparent TCP connection would (data in either direction, half-close).
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, Reply } from '../../../harness/wire/constants.js';
import { encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { describeRead } from '../support/observations.js';
import {
  connectThrough,
  payload,
  SPEAKER_PREFIX,
  speakerLine,
  verifyEchoed,
} from '../support/socks5-connect-flow.js';
import {
  closedWithoutReply,
  definedFailure,
  failurePathClauses,
  noAnswer,
  passed,
  repIs,
  verifyFailurePath,
} from '../support/socks5-reply-checks.js';
import { request } from '../support/socks5-request.js';

const how = (context: CaseContext) => (context.segmentation === 'bytewise' ? 'bytewise' : 'whole');

/** CONNECT to the TCP echo; a check list instead when the reply is not a well-formed REP 00. */
async function toEcho(context: CaseContext, clause: string, after?: Buffer) {
  const { host, port } = context.echo.tcpEcho4;
  const connected = await connectThrough(context, clause, ipv4(host), port, after);
  if (!('probe' in connected) || !passed(connected.checks)) return { checks: connected.checks };
  return { probe: connected.probe, checks: connected.checks };
}

/**
 * What comes of the relayed stream is booked under the CONNECT outcome (DESC, binding: REP 00 says the connection
 * is made), not under rfc1928/6-success-data, which is the client's MAY to send.
 */
const RELAYED = 'rfc1928/6-connect-outcome';

const LOST_AFTER_FIN = {
  verdict: 'WARN' as const,
  when: "the destination's answer to data sent before the client's FIN is lost or cut short as the connection closes (FIN turned into a full close)",
  cutShort: true,
};

async function verifyEndsAfterEcho(context: CaseContext, probe: TcpProbe): Promise<Check> {
  const closed = await probe.awaitClose(context.ms(3000));
  return verify(
    RELAYED,
    closed,
    (c) => (c.kind === 'closed' ? `connection ${c.how === 'rst' ? 'reset' : 'FIN'}` : 'still open after 3 s'),
    [
      outcome(
        'PASS',
        "the destination's FIN reaches the client",
        (c) => c.kind === 'closed' && c.how === 'fin',
      ),
      outcome('INFO', 'the connection ends with a reset', (c) => c.kind === 'closed'),
      outcome(
        'WARN',
        "the destination's FIN is not passed on: the client never sees the end",
        (c) => c.kind === 'open',
      ),
    ],
  );
}

export const connect = defineSuiteCases('RFC 1928 §6 CONNECT', 'suites/server/socks5/rfc1928-6-connect.ts', [
  {
    id: 'socks5/connect/echo-both-ways',
    clauses: ['rfc1928/6-connect-outcome', 'rfc1928/6-reply-format', 'rfc1928/6-rsv'],
    role: 'server',
    versions: ['5'],
    title: 'After REP 00, data goes to the destination and its answers come back, several times',
    requirement:
      "A CONNECT reply of X'00' means the connection is made: what the client sends reaches the destination " +
      'and what the destination sends reaches the client, for as long as both go on.',
    segmentationVariants: true,
    run: async (context) => {
      const connected = await toEcho(context, 'rfc1928/6-connect-outcome');
      if (!connected.probe) return connected.checks;
      const { probe } = connected;
      const checks = [...connected.checks];
      for (const tag of ['first', 'second']) {
        const data = payload(tag);
        await probe.send(data, how(context));
        const echoed = await verifyEchoed(context, probe, 'rfc1928/6-connect-outcome', data);
        checks.push(echoed);
        if (echoed.verdict !== 'PASS') break;
      }
      return checks;
    },
  },
  {
    id: 'socks5/connect/destination-speaks-first',
    clauses: ['rfc1928/6-connect-outcome', 'rfc1928/6-reply-format', 'rfc1928/6-rsv'],
    role: 'server',
    versions: ['5'],
    title: 'A destination that speaks first: its octets arrive after the reply, not before or inside it',
    requirement:
      'The reply comes first on the connection; what the destination sends as soon as it is connected follows ' +
      'it and reaches the client whole, before the client has sent anything.',
    segmentationVariants: true,
    run: async (context) => {
      const { host, port } = context.echo.speaker4;
      const connected = await connectThrough(context, 'rfc1928/6-connect-outcome', ipv4(host), port);
      if (!('probe' in connected) || !passed(connected.checks)) return connected.checks;
      const banner = await connected.probe.read(speakerLine, context.ms(3000));
      return [
        ...connected.checks,
        verify('rfc1928/6-connect-outcome', banner, (r) => describeRead(r, (s) => JSON.stringify(s)), [
          outcome(
            'PASS',
            "the destination's first line arrives after the reply",
            (r) => r.kind === 'decoded' && r.value.startsWith(SPEAKER_PREFIX),
          ),
          outcome('FAIL', "the destination's first line does not arrive", () => true),
        ]),
      ];
    },
  },
  {
    id: 'socks5/connect/pipelined-data',
    clauses: [
      'rfc1928/6-success-data',
      'rfc1928/6-reply-format',
      'rfc1928/6-rsv',
      'rfc1928/6-connect-outcome',
    ],
    role: 'server',
    versions: ['5'],
    title: 'Data sent right behind the request, before the reply, is relayed and not lost',
    requirement:
      'Octets that follow a complete request are the start of the relayed stream (Tor calls this optimistic ' +
      'data): after REP 00 they reach the destination, never vanish or get mixed into the reply.',
    segmentationVariants: true,
    run: async (context) => {
      const data = payload('pipelined');
      const connected = await toEcho(context, RELAYED, data);
      if (!connected.probe) return connected.checks;
      return [
        ...connected.checks,
        await verifyEchoed(context, connected.probe, RELAYED, data, {
          verdict: 'WARN',
          when: 'the data sent before the reply is lost',
          headOnly: true,
        }),
      ];
    },
  },
  {
    id: 'socks5/connect/client-half-close',
    clauses: [
      'rfc1928/6-success-data',
      'rfc1928/6-reply-format',
      'rfc1928/6-rsv',
      'rfc1928/6-connect-outcome',
    ],
    role: 'server',
    versions: ['5'],
    title:
      "Half-close both ways: after the client's FIN the echo still answers, then its FIN reaches the client",
    requirement:
      "A relayed connection carries TCP's half-close: the client's FIN goes to the destination while the other " +
      "direction stays open, so the destination's answer still arrives; then the destination's FIN comes through.",
    segmentationVariants: true,
    run: async (context) => {
      const connected = await toEcho(context, RELAYED);
      if (!connected.probe) return connected.checks;
      const { probe } = connected;
      const data = payload('half-close');
      await probe.send(data, how(context));
      probe.endWrite();
      const echoed = await verifyEchoed(context, probe, RELAYED, data, LOST_AFTER_FIN);
      if (echoed.verdict !== 'PASS') return [...connected.checks, echoed];
      return [...connected.checks, echoed, await verifyEndsAfterEcho(context, probe)];
    },
  },
  {
    id: 'socks5/connect/refused',
    clauses: ['rfc1928/6-connect-outcome', 'rfc1928/6-rep-codes', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: "CONNECT to a port where nothing listens gets REP X'05', and the connection ends within 10 s",
    requirement:
      'The reply reflects the outcome: a refused connection is REP X\'05\' "Connection refused" (another defined ' +
      'failure code is less specific but allowed), never REP 00 followed by a close.',
    run: async (context) => {
      const { host, port } = context.echo.refused4;
      const replied = await request(
        context,
        'rfc1928/6-connect-outcome',
        encodeRequest(Command.CONNECT, ipv4(host), port),
      );
      if ('check' in replied) return replied.check;
      return verifyFailurePath(context, replied.probe, replied.reply, 'rfc1928/6-connect-outcome', [
        outcome('FAIL', 'REP 00 for a connection the destination refused', repIs(Reply.SUCCEEDED)),
        outcome('PASS', "REP X'05' (connection refused)", repIs(Reply.CONNECTION_REFUSED)),
        outcome('INFO', "a defined failure REP less specific than X'05'", definedFailure),
        outcome('FAIL', 'closes without a reply', closedWithoutReply),
        outcome('FAIL', 'neither answers nor closes within 5 s', noAnswer),
      ]);
    },
  },
]);
