/**
 * RFC 1928 §5, "Addressing": ATYP X'01' a 4-octet IPv4 address, X'03' a length octet and that many octets of a
 * fully qualified domain name (no terminating NUL), X'04' a 16-octet IPv6 address; DST.PORT in network order.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, type Outcome, outcome, skipped } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { type Address, domain, ipv4, ipv6 } from '../../../harness/wire/address.js';
import { Command, Reply } from '../../../harness/wire/constants.js';
import { encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { arrivals, describeArrivals, verifyNotReached } from '../support/arrivals.js';
import { connectThrough, payload, verifyEchoed } from '../support/socks5-connect-flow.js';
import {
  closedWithoutReply,
  definedFailure,
  failurePathClauses,
  noAnswer,
  passed,
  type ReplyRead,
  repIs,
  verifyFailurePath,
  verifySuccessReply,
} from '../support/socks5-reply-checks.js';
import { request } from '../support/socks5-request.js';

const succeeded = repIs(Reply.SUCCEEDED);

/** After a REP 00: one round trip of data through the echo. */
async function roundTrip(context: CaseContext, probe: TcpProbe, clause: string, tag: string): Promise<Check> {
  const data = payload(tag);
  await probe.send(data, context.segmentation === 'bytewise' ? 'bytewise' : 'whole');
  return verifyEchoed(context, probe, clause, data);
}

/** CONNECT to the echo at `address`, then one round trip of data. */
async function reachEcho(
  context: CaseContext,
  clause: string,
  address: Address,
  port: number,
): Promise<Check[]> {
  const connected = await connectThrough(context, clause, address, port);
  if (!('probe' in connected) || !passed(connected.checks)) return connected.checks;
  return [...connected.checks, await roundTrip(context, connected.probe, clause, address.type)];
}

/**
 * CONNECT to an optional kind of destination: REP 00 and the echo, or UNSUPPORTED when the target refuses it
 * with a defined failure REP (then the close within 10 s still applies).
 */
async function reachOptional(
  context: CaseContext,
  clause: string,
  address: Address,
  port: number,
  what: string,
) {
  const replied = await request(context, clause, encodeRequest(Command.CONNECT, address, port));
  if ('check' in replied) return replied.check;
  const { probe, reply } = replied;
  if (definedFailure(reply)) {
    const path = await verifyFailurePath(context, probe, reply, clause, [
      outcome('PASS', 'a failure REP', definedFailure),
    ]);
    return [
      ...path.filter((c) => c.clause !== clause),
      skipped(clause, 'UNSUPPORTED', `the target refuses ${what}`),
    ];
  }
  const checks = verifySuccessReply(reply, clause);
  if (!passed(checks)) return checks;
  return [...checks, await roundTrip(context, probe, clause, address.type)];
}

/** A request that names no reachable destination: the REP against `outcomes`, then the close within 10 s. */
async function unreachable(
  context: CaseContext,
  clause: string,
  address: Address,
  port: number,
  outcomes: Outcome<ReplyRead>[],
): Promise<Check | Check[]> {
  const replied = await request(context, clause, encodeRequest(Command.CONNECT, address, port));
  if ('check' in replied) return replied.check;
  return verifyFailurePath(context, replied.probe, replied.reply, clause, outcomes);
}

/**
 * A request that names no host, with the port of a listener of the case's own: the REP against `outcomes`, the
 * close within 10 s, and whether the target connected to this host anyway (`what` names the destination).
 */
async function refusedNowhere(
  context: CaseContext,
  clause: string,
  address: Address,
  what: string,
  outcomes: Outcome<ReplyRead>[],
): Promise<Check[]> {
  const listener = await context.openListener();
  const checks = await unreachable(context, clause, address, listener.endpoint.port, outcomes);
  return [...[checks].flat(), await verifyNotReached(context, listener, clause, what)];
}

/**
 * A name whose characters take 2, 3 and 4 octets in UTF-8, under `.invalid`: LEN counts its 45 octets, while it
 * has 36 characters (37 UTF-16 code units), so a server that counts characters reads past DST.PORT.
 */
const UTF8_NAME = Buffer.from('grüße-東京-🦊.socks-conformance.invalid', 'utf8').toString('latin1');

/** An ASCII name of as many octets as `name`, under `.invalid`: the same request but for the octets' values. */
function asciiTwin(name: string): string {
  const tail = '.invalid';
  return `${'a'.repeat(Buffer.byteLength(name, 'latin1') - tail.length)}${tail}`;
}

/** A name of exactly 255 octets (the most the length octet allows), under the reserved `.invalid`. */
function longestName(): string {
  const label = 'a'.repeat(63);
  const name = `${label}.${label}.${label}.`;
  const tail = '.invalid';
  return `${name}${'b'.repeat(255 - name.length - tail.length)}${tail}`;
}

export const addressing = defineSuiteCases('RFC 1928 §5', 'suites/server/socks5/rfc1928-5-addressing.ts', [
  {
    id: 'socks5/address/ipv4',
    clauses: ['rfc1928/5-atyp-v4', 'rfc1928/4-req-format', 'rfc1928/6-reply-format', 'rfc1928/6-rsv'],
    role: 'server',
    versions: ['5'],
    title: 'CONNECT to an IPv4 address (ATYP 01) reaches the echo',
    requirement:
      "ATYP X'01' is followed by 4 octets of IPv4 address and DST.PORT in network octet order; the server " +
      'connects there, answers REP 00 and relays.',
    segmentationVariants: true,
    run: (context) =>
      reachEcho(context, 'rfc1928/5-atyp-v4', ipv4(context.echo.tcpEcho4.host), context.echo.tcpEcho4.port),
  },
  {
    id: 'socks5/address/ipv6-loopback',
    clauses: ['rfc1928/5-atyp-v6', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    feature: 'ipv6',
    proves: 'ipv6',
    title: 'CONNECT to ::1 (ATYP 04) reaches the IPv6 echo, or is refused as unsupported',
    requirement:
      "ATYP X'04' is followed by 16 octets of IPv6 address. A server without IPv6 egress refuses with a failure " +
      'REP (UNSUPPORTED); one that answers REP 00 must relay.',
    segmentationVariants: true,
    run: async (context) => {
      const echo6 = context.echo.tcpEcho6;
      if (!echo6) return skipped('rfc1928/5-atyp-v6', 'SKIP', 'the echo network has no IPv6 endpoint');
      return reachOptional(context, 'rfc1928/5-atyp-v6', ipv6(echo6.host), echo6.port, 'IPv6 destinations');
    },
  },
  {
    id: 'socks5/address/domain-resolvable',
    clauses: ['rfc1928/5-atyp-domain', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    feature: 'names',
    proves: 'names',
    title: 'CONNECT to a resolvable name (ATYP 03) reaches the echo, or is refused as unsupported',
    requirement:
      "ATYP X'03' is a length octet and that many octets of name; the server resolves it. A server that does " +
      'not resolve names refuses with a failure REP (UNSUPPORTED).',
    segmentationVariants: true,
    run: (context) =>
      reachOptional(
        context,
        'rfc1928/5-atyp-domain',
        domain(context.names.resolvable),
        context.echo.tcpEcho4.port,
        'domain names',
      ),
  },
  {
    id: 'socks5/address/domain-unresolvable',
    clauses: [
      'rfc1928/6-connect-outcome',
      'rfc1928/6-rep-codes',
      'rfc1928/5-atyp-domain',
      ...failurePathClauses,
    ],
    role: 'server',
    versions: ['5'],
    title: "A name under .invalid gets REP X'04' (or another failure code), never REP 00",
    requirement:
      "A name that cannot be resolved is a host that cannot be reached: REP X'04' names it; other failure codes " +
      "are less specific but allowed; X'08' means the server takes no names. The connection ends within 10 s.",
    run: (context) =>
      unreachable(
        context,
        'rfc1928/6-connect-outcome',
        domain(context.names.unresolvable),
        context.echo.tcpEcho4.port,
        [
          outcome('FAIL', 'claims success (REP 00) for a name that does not resolve', succeeded),
          outcome('PASS', "REP X'04' (host unreachable)", repIs(Reply.HOST_UNREACHABLE)),
          outcome(
            'UNSUPPORTED',
            "REP X'08': the server takes no domain names",
            repIs(Reply.ADDRESS_TYPE_NOT_SUPPORTED),
          ),
          outcome('INFO', "a defined failure REP less specific than X'04'", definedFailure),
          outcome('FAIL', 'closes without a reply', closedWithoutReply),
          outcome('INFO', 'no answer within 5 s (a slow resolver?)', noAnswer),
        ],
      ),
  },
  {
    id: 'socks5/address/domain-empty',
    clauses: ['rfc1928/5-atyp-domain', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'A domain name of length 0 is refused, connects nowhere, and the server goes on serving',
    requirement:
      'A length octet of 0 carries no name at all; the server refuses the request (a failure REP, then the close ' +
      "within 10 s) and never connects anywhere for it: a server that takes '' for localhost reaches this host " +
      'at DST.PORT, here a port only this case listens on.',
    run: (context) =>
      refusedNowhere(context, 'rfc1928/5-atyp-domain', domain(''), 'an empty name', [
        outcome('FAIL', 'claims success (REP 00) for an empty name', succeeded),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('INFO', 'closes without a reply', closedWithoutReply),
        outcome('INFO', 'no answer within 5 s', noAnswer),
      ]),
  },
  {
    id: 'socks5/address/domain-255-octets',
    clauses: ['rfc1928/5-atyp-domain', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'A 255-octet domain name (the longest the format allows) is read whole and answered',
    requirement:
      'The length octet allows names of up to 255 octets; the server reads all of them and answers: here a ' +
      'failure REP, as the name is under .invalid, then the close within 10 s.',
    run: (context) =>
      unreachable(context, 'rfc1928/5-atyp-domain', domain(longestName()), context.echo.tcpEcho4.port, [
        outcome('FAIL', 'claims success (REP 00) for a name that does not resolve', succeeded),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('FAIL', 'closes without a reply to a request within the format', closedWithoutReply),
        outcome('INFO', 'no answer within 5 s (a slow resolver?)', noAnswer),
      ]),
  },
  {
    id: 'socks5/address/domain-embedded-nul',
    clauses: ['rfc1928/5-atyp-domain', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'A name with an embedded NUL is not cut short at the NUL, and connects nowhere',
    requirement:
      'The name is the octets the length says, with no terminator: "localhost\\0.invalid" names no host; a ' +
      'server that reads it as a C string and connects to "localhost" reaches a host the client did not name ' +
      '(seen at DST.PORT, a port only this case listens on, whatever the reply says).',
    run: (context) =>
      refusedNowhere(
        context,
        'rfc1928/5-atyp-domain',
        domain(`${context.names.resolvable}\0.invalid`),
        'a name cut at its NUL',
        [
          outcome('FAIL', 'REP 00: the name was cut at the NUL and the prefix reached', succeeded),
          outcome('PASS', 'a defined failure REP', definedFailure),
          outcome('INFO', 'closes without a reply', closedWithoutReply),
          outcome('INFO', 'no answer within 5 s', noAnswer),
        ],
      ),
  },
  {
    id: 'socks5/address/domain-utf8',
    clauses: ['rfc1928/5-atyp-domain', 'rfc1928/4-req-format', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title:
      'A name of non-ASCII UTF-8 octets is read to the octet count LEN gives, then DST.PORT, and answered',
    requirement:
      'LEN counts octets, whatever they are: the server reads exactly LEN octets of name and then the 2 of ' +
      'DST.PORT, and answers (here a failure REP at full length, as the name is under .invalid, then the close ' +
      'within 10 s). A server that counts characters waits for octets the client never sends; the same request ' +
      'with an ASCII name of as many octets, sent beside it, tells that apart from a slow resolver.',
    run: async (context) => {
      const clause = 'rfc1928/5-atyp-domain';
      const port = context.echo.tcpEcho4.port;
      const ask = (name: string) =>
        request(context, clause, encodeRequest(Command.CONNECT, domain(name), port));
      const [utf8, ascii] = await Promise.all([ask(UTF8_NAME), ask(asciiTwin(UTF8_NAME))]);
      if ('check' in utf8) return utf8.check;
      const twinAnswered = !('check' in ascii) && ascii.reply.bytes.length > 0;
      return verifyFailurePath(context, utf8.probe, utf8.reply, clause, [
        outcome('FAIL', 'claims success (REP 00) for a name under .invalid', succeeded),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('FAIL', 'closes without a reply to a request within the format', closedWithoutReply),
        outcome(
          'FAIL',
          'no answer within 5 s, while the ASCII name of as many octets was answered: the server waits for ' +
            'octets past LEN (it counts characters, not octets)',
          (r) => noAnswer(r) && twinAnswered,
        ),
        outcome(
          'INFO',
          'no answer within 5 s, nor to the ASCII name of as many octets (a slow resolver?)',
          noAnswer,
        ),
      ]);
    },
  },
  {
    id: 'socks5/address/ipv4-unspecified',
    clauses: ['rfc1928/6-connect-outcome', 'rfc1928/5-atyp-v4', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'CONNECT to 0.0.0.0 is refused, or where the connection arrived is recorded',
    requirement:
      'RFC 1928 says nothing of DST.ADDR 0.0.0.0. It is no host (RFC 1122 §3.2.1.3: never a destination), yet ' +
      'Linux connects it to the host itself, so a server that passes it on reaches its own loopback services. A ' +
      'failure REP (then the close within 10 s) refuses it; REP 00 is recorded with where the connection ' +
      'arrived: at DST.PORT, a port only this case listens on, on this host, or nowhere seen.',
    run: async (context) => {
      const clause = 'rfc1928/6-connect-outcome';
      const listener = await context.openListener();
      const replied = await request(
        context,
        clause,
        encodeRequest(Command.CONNECT, ipv4('0.0.0.0'), listener.endpoint.port),
      );
      if ('check' in replied) return replied.check;
      const seen = await arrivals(context, listener);
      const reachedHere = seen.length > 0;
      const checks = await verifyFailurePath(context, replied.probe, replied.reply, clause, [
        outcome('PASS', 'a defined failure REP: 0.0.0.0 names no host', definedFailure),
        outcome(
          'INFO',
          `REP 00, and the connection arrived at the case's listener on this host (0.0.0.0 taken as this host): ${describeArrivals(seen)}`,
          (r) => succeeded(r) && reachedHere,
        ),
        outcome(
          'INFO',
          "REP 00, and no connection arrived at the case's listener (it went elsewhere on the target's host)",
          succeeded,
        ),
        outcome('FAIL', 'closes without a reply', closedWithoutReply),
        outcome('INFO', 'no answer within 5 s', noAnswer),
      ]);
      return checks;
    },
  },
  {
    id: 'socks5/address/port-zero',
    clauses: ['rfc1928/6-connect-outcome', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'CONNECT to port 0 is refused with a failure REP',
    requirement:
      'No TCP connection to port 0 can be made, so the reply to a CONNECT there is a failure REP (any defined ' +
      'code: 05 is the likeliest), then the close within 10 s; REP 00 claims a connection that cannot exist.',
    run: (context) =>
      unreachable(context, 'rfc1928/6-connect-outcome', ipv4(context.echo.refused4.host), 0, [
        outcome('FAIL', 'claims success (REP 00) for port 0', succeeded),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('FAIL', 'closes without a reply', closedWithoutReply),
        outcome('INFO', 'no answer within 5 s', noAnswer),
      ]),
  },
  {
    id: 'socks5/address/port-65535',
    clauses: ['rfc1928/4-req-format', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'CONNECT to port 65535 is read as 65535 and answered with a well-formed reply',
    requirement:
      "DST.PORT X'FFFF' is port 65535. Where nothing listens the reply is REP X'05' at full length, then the " +
      'close within 10 s; REP 00 is right only if something listens there.',
    run: async (context) => {
      const checks = await unreachable(
        context,
        'rfc1928/4-req-format',
        ipv4(context.echo.refused4.host),
        65535,
        [
          outcome('PASS', "REP X'05' (connection refused)", repIs(Reply.CONNECTION_REFUSED)),
          outcome('PASS', 'REP 00 (something listens on port 65535 of the loopback)', succeeded),
          outcome('INFO', "a defined failure REP less specific than X'05'", definedFailure),
          outcome('FAIL', 'closes without a reply', closedWithoutReply),
          outcome('INFO', 'no answer within 5 s', noAnswer),
        ],
      );
      return checks;
    },
  },
]);
