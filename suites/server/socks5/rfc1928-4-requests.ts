/**
 * RFC 1928 §4, "Requests": VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT, sent once the method-dependent
 * sub-negotiation has completed. VER is X'05', RSV X'00', CMD one of 01 CONNECT, 02 BIND, 03 UDP ASSOCIATE.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { formatHexBrief } from '../../../harness/net/hexdump.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, hex, Method, Reply } from '../../../harness/wire/constants.js';
import { decodeMethodSelection, encodeGreeting } from '../../../harness/wire/socks5-greeting.js';
import { decodeReply, encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { interleaveOnNewConnections } from '../support/interleave.js';
import { describeRead, describeSelectionRead } from '../support/observations.js';
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
  type ReplyRead,
  repIs,
  verifyFailurePath,
  verifySuccessReply,
} from '../support/socks5-reply-checks.js';
import { describeReplyRead, openWith, request } from '../support/socks5-request.js';
import { verifyStillAnswers } from '../support/target-still-answers.js';

const succeeded = repIs(Reply.SUCCEEDED);

/** A CONNECT to the TCP echo, with the given encoding overrides. */
function echoRequest(
  context: CaseContext,
  options: Parameters<typeof encodeRequest>[3] = {},
  command: number = Command.CONNECT,
) {
  const { host, port } = context.echo.tcpEcho4;
  return encodeRequest(command, ipv4(host), port, options);
}

/** Sends one request on its own connection and follows the failure path it should take. */
async function refusedRequest(
  context: CaseContext,
  clause: string,
  message: Buffer,
  outcomes: Parameters<typeof verifyFailurePath>[4],
  label?: string,
): Promise<Check[]> {
  const replied = await request(context, clause, message);
  if ('check' in replied) return [replied.check];
  return verifyFailurePath(context, replied.probe, replied.reply, clause, outcomes, label);
}

const UNDEFINED_COMMANDS = [0x00, 0x04, 0x7f, 0x80, 0xf0, 0xff] as const;
const TOR_RESOLVE = 0xf0;
const UNDEFINED_ADDRESS_TYPES = [0x00, 0x02, 0x05, 0xff] as const;

/** How many octets of a 10-octet IPv4 request the truncated-request case sends: VER to two address octets. */
const TRUNCATED_AT = 6;

/**
 * Three negotiated connections send CONNECT requests in interleaved pieces: to the echo, to the refused port, to
 * the speaker. Each must get its own outcome: REP 00 and its own data echoed; a failure REP and the close; REP 00
 * and the speaker's first line (swapped destinations show as the banner on the first or an echo on the third).
 */
async function interleavedConnects(context: CaseContext): Promise<Check | Check[]> {
  const clause = 'rfc1928/4-req-format';
  const { tcpEcho4, refused4, speaker4 } = context.echo;
  const destinations = [tcpEcho4, refused4, speaker4];
  const probes = await interleaveOnNewConnections(
    context,
    () => openWith(context, clause, Buffer.alloc(0)),
    destinations.map((to) => encodeRequest(Command.CONNECT, ipv4(to.host), to.port)),
  );
  if ('check' in probes) return probes.check;
  const [echo, refused, speaker] = await Promise.all(
    probes.map((p) => p.read(decodeReply, context.ms(5000))),
  );
  const [toEcho, toRefused, toSpeaker] = probes as [TcpProbe, TcpProbe, TcpProbe];
  const checks = [...verifySuccessReply(echo!, clause, 'c1, CONNECT to the echo')];
  if (passed(checks)) {
    const data = payload('c1 of three interleaved');
    await toEcho.send(data);
    checks.push(await verifyEchoed(context, toEcho, clause, data));
  }
  checks.push(
    ...(await verifyFailurePath(
      context,
      toRefused,
      refused!,
      clause,
      [
        outcome('FAIL', "REP 00 for a refused port (another connection's request served?)", succeeded),
        outcome('PASS', 'a defined failure REP', definedFailure),
        outcome('FAIL', 'closes without a reply', closedWithoutReply),
        outcome('FAIL', 'no answer within 5 s', noAnswer),
      ],
      'c2, CONNECT to a refused port',
    )),
  );
  const toSpeakerChecks = verifySuccessReply(speaker!, clause, 'c3, CONNECT to the speaker');
  checks.push(...toSpeakerChecks);
  if (passed(toSpeakerChecks)) {
    const banner = await toSpeaker.read(speakerLine, context.ms(3000));
    checks.push(
      verify(clause, banner, (r) => `c3: ${describeRead(r, (line) => JSON.stringify(line))}`, [
        outcome(
          'PASS',
          "c3: the speaker's first line arrives",
          (r) => r.kind === 'decoded' && r.value.startsWith(SPEAKER_PREFIX),
        ),
        outcome('FAIL', "c3: the speaker's first line does not arrive (connected elsewhere?)", () => true),
      ]),
    );
  }
  checks.push(await verifyStillAnswers(context, clause, 'requests of three connections interleaved'));
  return checks;
}

export const requests = defineSuiteCases('RFC 1928 §4', 'suites/server/socks5/rfc1928-4-requests.ts', [
  {
    id: 'socks5/request/version-not-5',
    clauses: ['rfc1928/4-req-format', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'A request with VER 4 is refused or the connection closed, never served',
    requirement:
      "The request starts with VER X'05'. RFC 1928 has no reply code for a bad version: a failure reply (then the " +
      'close within 10 s) or a close without reply are both allowed; REP 00 or relaying is not.',
    run: (context) =>
      refusedRequest(context, 'rfc1928/4-req-format', echoRequest(context, { version: 0x04 }), [
        outcome('FAIL', 'serves the request (REP 00) although VER is 4', succeeded),
        outcome('PASS', 'refuses with a failure REP', definedFailure),
        outcome('PASS', 'closes without a reply', closedWithoutReply),
        outcome('INFO', 'neither answers nor closes within 5 s', noAnswer),
      ]),
  },
  {
    id: 'socks5/request/rsv-not-zero',
    clauses: ['rfc1928/4-rsv', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: "A request with RSV X'FF' is refused, or served leniently (recorded)",
    requirement:
      "RSV in the request is X'00'; the rule binds the client, so a server may refuse the request (a failure reply, " +
      'then the close within 10 s, or a close) or serve it leniently, which is recorded.',
    run: (context) =>
      refusedRequest(context, 'rfc1928/4-rsv', echoRequest(context, { reserved: 0xff }), [
        outcome('INFO', 'serves the request leniently (REP 00)', succeeded),
        outcome('PASS', 'refuses with a failure REP', definedFailure),
        outcome('PASS', 'closes without a reply', closedWithoutReply),
        outcome('INFO', 'neither answers nor closes within 5 s', noAnswer),
      ]),
  },
  {
    id: 'socks5/request/undefined-commands',
    clauses: ['rfc1928/4-cmd', 'rfc1928/6-rep-codes', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: "Undefined commands (00, 04, 7F, 80, F0, FF) are answered with REP X'07'",
    requirement:
      'CMD is 01, 02 or 03; any other is answered with REP X\'07\' "Command not supported", then the connection ' +
      "ends within 10 s. Tor's RESOLVE (F0) answered as Tor does is recorded.",
    deadlineMs: 20_000,
    run: async (context) => {
      const perCommand = await Promise.all(
        UNDEFINED_COMMANDS.map((command) =>
          refusedRequest(
            context,
            'rfc1928/4-cmd',
            echoRequest(context, {}, command),
            [
              outcome('PASS', "REP X'07' (command not supported)", repIs(Reply.COMMAND_NOT_SUPPORTED)),
              outcome(
                'INFO',
                "answers Tor's RESOLVE extension with REP 00",
                (r: ReplyRead) => command === TOR_RESOLVE && succeeded(r),
              ),
              outcome('FAIL', 'claims success (REP 00) for a command RFC 1928 does not define', succeeded),
              outcome('INFO', "refuses with a defined failure REP less specific than X'07'", definedFailure),
              outcome(
                'FAIL',
                "closes without the reply (REP X'07' exists for this case)",
                closedWithoutReply,
              ),
              outcome('FAIL', 'neither answers nor closes within 5 s', noAnswer),
            ],
            `CMD ${hex(command)}`,
          ),
        ),
      );
      return perCommand.flat();
    },
  },
  {
    id: 'socks5/request/undefined-address-types',
    clauses: ['rfc1928/5-atyp-unknown', 'rfc1928/6-rep-codes', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: "Undefined address types (00, 02, 05, FF) are answered with REP X'08'",
    requirement:
      'ATYP is 01, 03 or 04; any other is answered with REP X\'08\' "Address type not supported", then the ' +
      'connection ends within 10 s.',
    deadlineMs: 20_000,
    run: async (context) => {
      const perType = await Promise.all(
        UNDEFINED_ADDRESS_TYPES.map((atyp) =>
          refusedRequest(
            context,
            'rfc1928/5-atyp-unknown',
            echoRequest(context, { atyp }),
            [
              outcome(
                'PASS',
                "REP X'08' (address type not supported)",
                repIs(Reply.ADDRESS_TYPE_NOT_SUPPORTED),
              ),
              outcome('FAIL', 'claims success (REP 00) for an undefined address type', succeeded),
              outcome('INFO', "refuses with a defined failure REP less specific than X'08'", definedFailure),
              outcome(
                'FAIL',
                "closes without the reply (REP X'08' exists for this case)",
                closedWithoutReply,
              ),
              outcome('FAIL', 'neither answers nor closes within 5 s', noAnswer),
            ],
            `ATYP ${hex(atyp)}`,
          ),
        ),
      );
      return perType.flat();
    },
  },
  {
    id: 'socks5/request/interleaved-connects',
    clauses: ['rfc1928/4-req-format', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'CONNECT requests of three connections arriving in interleaved pieces are each served as sent',
    requirement:
      'A request belongs to its own connection: whatever order the octets of several connections arrive in, ' +
      'each request is read from its own octets and served on its own connection (here REP 00 and relay to the ' +
      'echo, a failure REP for a refused port, REP 00 and relay from the speaker), and the server goes on serving.',
    run: interleavedConnects,
  },
  {
    id: 'socks5/request/truncated-then-fin',
    clauses: ['rfc1928/4-req-format', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title:
      'A truncated request is waited for, and after the client FIN it is not served; the server stays up',
    requirement:
      'A request is complete only with DST.PORT: the server waits for the rest, and when the client ends the ' +
      'connection instead it closes (with or without a failure reply), never answers REP 00, and goes on serving.',
    deadlineMs: 25_000,
    run: async (context) => {
      const whole = echoRequest(context);
      const opened = await openWith(context, 'rfc1928/4-req-format', whole.subarray(0, TRUNCATED_AT));
      if ('check' in opened) return opened.check;
      const { probe } = opened;
      const early = await probe.read(decodeReply, context.ms(500));
      const waits = verify('rfc1928/4-req-format', early, describeReplyRead, [
        outcome(
          'PASS',
          'waits for the rest of the request',
          (r) => r.kind === 'timeout' && r.bytes.length === 0,
        ),
        outcome('FAIL', 'answers a request of which octets are still to come', (r) => r.bytes.length > 0),
        outcome('FAIL', 'closes while the request is still arriving', (r) => r.kind === 'closed'),
      ]);
      if (waits.verdict !== 'PASS') return waits;
      probe.endWrite();
      const reply = await probe.read(decodeReply, context.ms(3000));
      const ending = await verifyFailurePath(context, probe, reply, 'rfc1928/4-req-format', [
        outcome('FAIL', 'answers the truncated request with REP 00', succeeded),
        outcome('PASS', 'closes without a reply', (r) => r.kind === 'closed' && r.bytes.length === 0),
        outcome('PASS', 'answers with a failure REP', definedFailure),
        outcome('INFO', 'keeps the connection open after the client FIN', noAnswer),
      ]);
      const next = await connectThrough(
        context,
        'rfc1928/4-req-format',
        ipv4(context.echo.tcpEcho4.host),
        context.echo.tcpEcho4.port,
      );
      const stillServes = verify(
        'rfc1928/4-req-format',
        next.checks,
        (checks) => checks.map((c) => c.observed).join('; '),
        [
          outcome('PASS', 'a new connection is served as before', (checks) =>
            checks.every((c) => c.verdict === 'PASS'),
          ),
          outcome(
            'PASS',
            'a new connection is answered as before, with the refusal its ruleset gives every CONNECT',
            (checks) => checks.every((c) => c.verdict === 'PASS' || c.verdict === 'UNSUPPORTED'),
          ),
          outcome('ERROR', 'the new CONNECT could not be judged', (checks) =>
            checks.some((c) => c.verdict === 'ERROR'),
          ),
          outcome('FAIL', 'a new CONNECT to the echo no longer succeeds', () => true),
        ],
      );
      return [waits, ...ending, stillServes];
    },
  },
  {
    id: 'socks5/request/trailing-request-not-served',
    clauses: ['rfc1928/6-connect-outcome', ...failurePathClauses],
    role: 'server',
    versions: ['5'],
    title: 'Octets after a refused CONNECT are not taken as a second request',
    requirement:
      'One request per connection: after a CONNECT to a refused port the server sends one failure reply and ' +
      'closes within 10 s; a second request pipelined behind the first is never answered.',
    run: async (context) => {
      const { host, port } = context.echo.refused4;
      const message = Buffer.concat([encodeRequest(Command.CONNECT, ipv4(host), port), echoRequest(context)]);
      const replied = await request(context, 'rfc1928/6-connect-outcome', message);
      if ('check' in replied) return replied.check;
      const { probe, reply } = replied;
      const refused = [
        outcome('PASS', 'a failure REP', definedFailure),
        outcome('FAIL', 'REP 00 for a CONNECT to a refused port', succeeded),
        outcome(
          'FAIL',
          'closes without a reply: RFC 1928 §6 has the server answer a request it cannot serve with a failure REP',
          closedWithoutReply,
        ),
      ];
      if (!definedFailure(reply))
        return verifyFailurePath(context, probe, reply, 'rfc1928/6-connect-outcome', refused);
      const trailing = echoRequest(context);
      const second = await probe.read(decodeReply, context.ms(300));
      const once = verify('rfc1928/6-connect-outcome', second, describeReplyRead, [
        outcome(
          'FAIL',
          'sends the trailing octets back after the failure reply (it echoes its input instead of closing)',
          (r) => r.bytes.length > 0 && trailing.subarray(0, r.bytes.length).equals(r.bytes),
        ),
        outcome('FAIL', 'answers the trailing octets as a second request', (r) => r.kind === 'decoded'),
        outcome('FAIL', 'sends octets after the failure reply', (r) => r.bytes.length > 0),
        outcome('PASS', 'sends nothing after the failure reply', (r) => r.bytes.length === 0),
      ]);
      const path = await verifyFailurePath(context, probe, reply, 'rfc1928/6-connect-outcome', refused);
      return [once, ...path];
    },
  },
  {
    id: 'socks5/request/before-subnegotiation',
    clauses: ['rfc1928/4-req-format', 'rfc1928/3-select-offered'],
    role: 'server',
    versions: ['5'],
    title: 'A request sent in place of the USERNAME/PASSWORD sub-negotiation is never served',
    requirement:
      'The request follows the completed sub-negotiation. A client that offers only USERNAME/PASSWORD and sends ' +
      'a CONNECT instead of its credentials must not get the CONNECT served.',
    run: async (context) => {
      if (!context.capabilities.acceptedMethods.includes(Method.USERNAME_PASSWORD)) {
        return skipped('rfc1928/4-req-format', 'SKIP', 'the target does not select USERNAME/PASSWORD');
      }
      const probe = await context.connect();
      await probe.send(Buffer.concat([encodeGreeting([Method.USERNAME_PASSWORD]), echoRequest(context)]));
      const selection = await probe.read(decodeMethodSelection, context.ms(3000));
      const selected = verify('rfc1928/3-select-offered', selection, describeSelectionRead, [
        outcome(
          'PASS',
          'selects USERNAME/PASSWORD',
          (r) => r.kind === 'decoded' && r.value.method === Method.USERNAME_PASSWORD,
        ),
        outcome(
          'PASS',
          "answers X'FF'",
          (r) => r.kind === 'decoded' && r.value.method === Method.NO_ACCEPTABLE,
        ),
        outcome('FAIL', 'selects a method the client did not offer', (r) => r.kind === 'decoded'),
        outcome('PASS', 'closes the connection', (r) => r.kind === 'closed'),
      ]);
      if (selection.kind !== 'decoded' || selection.value.method !== Method.USERNAME_PASSWORD)
        return selected;
      const rest = await probe.awaitClose(context.ms(3000));
      const servedReply = (bytes: Buffer) =>
        bytes.length >= 10 && bytes[0] === 0x05 && bytes[1] === Reply.SUCCEEDED && bytes[2] === 0x00;
      const served = verify(
        'rfc1928/4-req-format',
        rest,
        (r) =>
          `${r.kind === 'closed' ? `closed (${r.how})` : 'still open'} after ${r.bytes.length} octets [${formatHexBrief(r.bytes)}]`,
        [
          outcome('FAIL', 'serves the CONNECT (REP 00) without the sub-negotiation', (r) =>
            servedReply(r.bytes),
          ),
          outcome('PASS', 'ends the connection without serving the request', (r) => r.kind === 'closed'),
          outcome('PASS', 'waits for a valid sub-negotiation', (r) => r.kind === 'open'),
        ],
      );
      return [selected, served];
    },
  },
]);
