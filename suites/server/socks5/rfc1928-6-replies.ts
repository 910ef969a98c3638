/**
 * RFC 1928 §6, "Replies": VER, REP, RSV, ATYP, BND.ADDR, BND.PORT, at full length on success and on failure,
 * RSV X'00', REP one of X'00'–X'08', and the close within 10 seconds after a failure reply.
 */

import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, Reply } from '../../../harness/wire/constants.js';
import { encodeRequest, type ReplyMessage } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { describeSilence } from '../support/observations.js';
import { connectThrough } from '../support/socks5-connect-flow.js';
import {
  closedWithoutReply,
  definedFailure,
  FORMAT_CLAUSE,
  failurePathClauses,
  noAnswer,
  passed,
  repIs,
  verifyFailurePath,
} from '../support/socks5-reply-checks.js';
import { request } from '../support/socks5-request.js';

const plain = (host: string) => host.replace(/^::ffff:/i, '');

interface BndObservation {
  readonly reply: ReplyMessage;
  readonly client: { host: string; port: number };
  readonly destination: { host: string; port: number };
}

const bndIs = (o: BndObservation, e: { host: string; port: number }) =>
  o.reply.address.type !== 'domain' &&
  plain(o.reply.address.host) === plain(e.host) &&
  o.reply.port === e.port;

const isZeroAddress = (r: ReplyMessage) =>
  (r.address.type === 'ipv4' && r.address.host === '0.0.0.0') ||
  (r.address.type === 'ipv6' && r.address.host === '::');

/** Reads the reply's BND against what RFC 1928 §6 says a CONNECT reply's BND is. */
function verifyConnectBnd(
  probe: TcpProbe,
  reply: ReplyMessage,
  destination: { host: string; port: number },
): Check {
  const observed: BndObservation = {
    reply,
    client: { host: probe.localAddress, port: probe.localPort },
    destination,
  };
  return verify(
    'rfc1928/6-connect-bnd',
    observed,
    (o) =>
      `BND ${o.reply.address.host}:${o.reply.port}; client ${o.client.host}:${o.client.port}; destination ${o.destination.host}:${o.destination.port}`,
    [
      outcome('INFO', "BND is the client's own address and port, not the server's outbound socket", (o) =>
        bndIs(o, o.client),
      ),
      outcome('INFO', 'BND repeats the destination instead of the address the server connected from', (o) =>
        bndIs(o, o.destination),
      ),
      outcome(
        'INFO',
        'BND is the unspecified address or port 0 (the spec leaves no room for it, clients cope)',
        (o) => isZeroAddress(o.reply) || o.reply.port === 0,
      ),
      outcome('INFO', 'BND is a domain name', (o) => o.reply.address.type === 'domain'),
      outcome('PASS', 'BND is an address and port of the server (its outbound socket)', () => true),
    ],
  );
}

export const replies = defineSuiteCases('RFC 1928 §6', 'suites/server/socks5/rfc1928-6-replies.ts', [
  {
    id: 'socks5/reply/success-format',
    clauses: ['rfc1928/6-reply-format', 'rfc1928/6-rsv', 'rfc1928/6-rep-codes'],
    role: 'server',
    versions: ['5'],
    title: 'The CONNECT success reply is a whole reply with RSV 00, and nothing follows it unasked',
    requirement:
      "The reply is VER X'05', REP X'00', RSV X'00', ATYP, BND.ADDR, BND.PORT, nothing more: the echo has sent " +
      'nothing yet, so any further octet would be taken for relayed data.',
    segmentationVariants: true,
    run: async (context) => {
      const { host, port } = context.echo.tcpEcho4;
      const connected = await connectThrough(context, 'rfc1928/6-rep-codes', ipv4(host), port);
      if (!('probe' in connected) || !passed(connected.checks)) return connected.checks;
      const after = await connected.probe.expectSilence(context.ms(300));
      return [
        ...connected.checks,
        verify(FORMAT_CLAUSE, after, describeSilence, [
          outcome('PASS', 'nothing after the reply until data is sent', (s) => s.kind === 'silence'),
          outcome('FAIL', 'octets beyond the reply before any data was sent', (s) => s.kind === 'data'),
        ]),
      ];
    },
  },
  {
    id: 'socks5/reply/failure-format',
    clauses: ['rfc1928/6-reply-format', 'rfc1928/6-rsv', 'rfc1928/6-rep-codes', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title:
      'A failure reply is a whole reply with RSV 00 and a defined REP, and the connection ends within 10 s',
    requirement:
      'On failure too the reply carries every field (BND may be zeros); REP is one of the defined failure ' +
      'codes; the server ends the connection no more than 10 s after it.',
    run: async (context) => {
      const { host, port } = context.echo.refused4;
      const replied = await request(
        context,
        'rfc1928/6-rep-codes',
        encodeRequest(Command.CONNECT, ipv4(host), port),
      );
      if ('check' in replied) return replied.check;
      return verifyFailurePath(context, replied.probe, replied.reply, 'rfc1928/6-rep-codes', [
        outcome('FAIL', 'REP 00 for a CONNECT to a refused port', repIs(Reply.SUCCEEDED)),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('FAIL', 'closes without a reply', closedWithoutReply),
        outcome('FAIL', 'neither answers nor closes within 5 s', noAnswer),
      ]);
    },
  },
  {
    id: 'socks5/reply/connect-bnd',
    clauses: ['rfc1928/6-connect-bnd', 'rfc1928/6-reply-format', 'rfc1928/6-rsv', 'rfc1928/6-rep-codes'],
    role: 'server',
    versions: ['5'],
    title: "The CONNECT reply's BND names the server's outbound socket",
    requirement:
      'BND.ADDR and BND.PORT of a CONNECT reply are the address and port the server connected from; they may ' +
      "differ from the address the client dialled, but are neither the client's own nor the destination's.",
    run: async (context) => {
      const destination = context.echo.tcpEcho4;
      const connected = await connectThrough(
        context,
        'rfc1928/6-rep-codes',
        ipv4(destination.host),
        destination.port,
      );
      if (!('probe' in connected) || !passed(connected.checks)) return connected.checks;
      const { reply } = connected;
      if (reply.kind !== 'decoded') return connected.checks;
      return [...connected.checks, verifyConnectBnd(connected.probe, reply.value, destination)];
    },
  },
]);
