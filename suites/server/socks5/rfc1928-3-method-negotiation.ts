/**
 * RFC 1928 §3, "Procedure for TCP-based clients": the client's greeting (VER, NMETHODS, METHODS) and the
 * server's METHOD selection message (VER, METHOD), where METHOD is one the client offered or X'FF'.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { Segmentation, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, Method, methodName } from '../../../harness/wire/constants.js';
import { encodeSocks4Request } from '../../../harness/wire/socks4.js';
import {
  decodeMethodSelection,
  encodeGreeting,
  type MethodSelection,
} from '../../../harness/wire/socks5-greeting.js';
import { decodeReply, describeReply, encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { interleaveOnNewConnections } from '../support/interleave.js';
import {
  describeRead,
  describeSelectionRead,
  describeSilence,
  isSelection,
} from '../support/observations.js';
import { definedFailure } from '../support/socks5-reply-checks.js';
import { verifyStillAnswers } from '../support/target-still-answers.js';

const UNASSIGNED = 0x7e;
const PRIVATE_LOW = 0x80;
const PRIVATE_HIGH = 0xfe;

/** The method the target selects when offered it alone, preferring NO-AUTH; undefined when it selects none. */
function acceptedMethod(context: CaseContext): number | undefined {
  return context.capabilities.acceptedMethods[0];
}

async function offer(context: CaseContext, bytes: Buffer, how: Segmentation = 'whole') {
  const probe = await context.connect();
  await probe.send(bytes, how);
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  const after = selection.kind === 'decoded' ? await probe.expectSilence(context.ms(200)) : undefined;
  return { probe, selection, after };
}

type Observed = Awaited<ReturnType<typeof offer>>;

/**
 * Three connections offer one method each, their greetings written in interleaved 1-octet pieces; each must get
 * the answer its offer gets alone (the capability probe asked each method on a connection of its own).
 */
async function interleavedGreetings(context: CaseContext) {
  const clause = 'rfc1928/3-select-offered';
  const offers = [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI];
  const probes = await interleaveOnNewConnections(
    context,
    async () => ({ probe: await context.connect() }),
    offers.map((method) => encodeGreeting([method])),
  );
  if ('check' in probes) return probes.check;
  const answers = await Promise.all(probes.map((p) => p.read(decodeMethodSelection, context.ms(3000))));
  const checks = answers.map((answer, i) => {
    const offered = offers[i]!;
    const label = `c${i + 1}, offering ${methodName(offered)} alone`;
    const accepted = context.capabilities.acceptedMethods.includes(offered);
    return verify(clause, answer, (r) => `${label}: ${describeSelectionRead(r)}`, [
      outcome(
        'PASS',
        `${label}: selects it, as it does on a connection of its own`,
        (r) => accepted && isSelection(r, (s) => s.method === offered),
      ),
      outcome(
        'PASS',
        `${label}: answers X'FF' or closes, as it does on a connection of its own`,
        (r) => !accepted && (isSelection(r, (s) => s.method === Method.NO_ACCEPTABLE) || r.kind === 'closed'),
      ),
      outcome(
        'FAIL',
        `${label}: another answer than on a connection of its own (the greeting not read across its pieces, or octets of the others read into it)`,
        () => true,
      ),
    ]);
  });
  return [...checks, await verifyStillAnswers(context, clause, 'greetings of three connections interleaved')];
}

function describeOffer(observed: Observed): string {
  const selection = describeSelectionRead(observed.selection);
  return observed.after?.kind === 'data'
    ? `${selection}, then ${describeSilence(observed.after)}`
    : selection;
}

/** Outcomes every selection check shares: a method not offered, or octets beyond the 2-octet message, fail. */
function selectionOutcomes(offered: readonly number[]) {
  return [
    outcome<Observed>('FAIL', 'selects a method the client did not offer', (o) =>
      isSelection(o.selection, (s) => s.method !== Method.NO_ACCEPTABLE && !offered.includes(s.method)),
    ),
    outcome<Observed>(
      'FAIL',
      'sends octets beyond the 2-octet METHOD selection message',
      (o) => o.after?.kind === 'data',
    ),
  ];
}

const selects = (test: (s: MethodSelection) => boolean) => (o: Observed) => isSelection(o.selection, test);
const refuses = selects((s) => s.method === Method.NO_ACCEPTABLE);
const closes = (o: Observed) => o.selection.kind === 'closed';

/** RFC 1928 §3: the server answers a greeting with a METHOD selection (a method or X'FF'), never only a close. */
const closesUnanswered = outcome<Observed>(
  'FAIL',
  "closes without a METHOD selection: a server answers a greeting with the method it selects or X'FF'",
  (o) => o.selection.kind === 'closed' && o.selection.bytes.length === 0,
);

/** A case for an offer that contains a method the target accepts alone: anything but selecting it fails. */
function acceptedAmong(
  context: CaseContext,
  clause: string,
  build: (accepted: number) => number[],
  how?: Segmentation,
) {
  return async () => {
    const accepted = acceptedMethod(context);
    if (accepted === undefined) {
      return skipped(
        clause,
        'SKIP',
        'the target selects none of NO-AUTH, USERNAME/PASSWORD, GSSAPI offered alone',
      );
    }
    const methods = build(accepted);
    const observed = await offer(context, encodeGreeting(methods), how);
    return verify(clause, observed, describeOffer, [
      ...selectionOutcomes(methods),
      outcome(
        'PASS',
        'selects an offered method the server accepts',
        selects((s) => methods.includes(s.method)),
      ),
      outcome(
        'FAIL',
        `answers X'FF' although the offer contains ${accepted}, which it accepts alone`,
        refuses,
      ),
      closesUnanswered,
    ]);
  };
}

/**
 * A method offered alone: the answer must first be a selection message naming an offered method or X'FF'
 * (rfc1928/3-select-offered, FMT, whatever the method's level); then X'FF' says the method is not supported,
 * which `support` (the method's own clause) judges at `refused`.
 */
function supportedAlone(method: number, name: string, support: string, refused: 'FAIL' | 'WARN') {
  return async (context: CaseContext) => {
    const observed = await offer(context, encodeGreeting([method]));
    const selection = verify('rfc1928/3-select-offered', observed, describeOffer, [
      ...selectionOutcomes([method]),
      outcome(
        'PASS',
        `selects ${name}, or answers X'FF'`,
        selects((s) => s.method === method || s.method === Method.NO_ACCEPTABLE),
      ),
      outcome('FAIL', 'closes without a selection', closes),
    ]);
    if (selection.verdict !== 'PASS') return selection;
    // The support check first: on a PASS it is the one the result shows.
    return [
      verify(support, observed, describeOffer, [
        outcome(
          'PASS',
          `selects ${name}`,
          selects((s) => s.method === method),
        ),
        outcome(refused, `answers X'FF': ${name} not supported`, refuses),
      ]),
      selection,
    ];
  };
}

export const methodNegotiation = defineSuiteCases(
  'RFC 1928 §3',
  'suites/server/socks5/rfc1928-3-method-negotiation.ts',
  [
    {
      id: 'socks5/method/select-offered',
      clauses: ['rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: "Offered only USERNAME/PASSWORD, the server selects it or X'FF', never NO-AUTH",
      requirement:
        "The server selects one of the methods the client listed, or X'FF'; it never picks one not offered.",
      run: async (context) => {
        const observed = await offer(context, encodeGreeting([Method.USERNAME_PASSWORD]));
        return verify('rfc1928/3-select-offered', observed, describeOffer, [
          ...selectionOutcomes([Method.USERNAME_PASSWORD]),
          outcome(
            'PASS',
            'selects USERNAME/PASSWORD',
            selects((s) => s.method === Method.USERNAME_PASSWORD),
          ),
          outcome('PASS', "answers X'FF' (username/password not supported)", refuses),
          closesUnanswered,
        ]);
      },
    },
    {
      id: 'socks5/method/selection-is-two-octets',
      clauses: ['rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: 'The METHOD selection message is exactly VER and METHOD',
      requirement:
        "The server answers a greeting with the 2-octet message X'05' METHOD and nothing more before the next step.",
      run: (context) => acceptedAmong(context, 'rfc1928/3-select-offered', (a) => [a])(),
    },
    {
      id: 'socks5/method/no-acceptable-ff',
      clauses: ['rfc1928/3-ff-none'],
      role: 'server',
      versions: ['5'],
      title: "Offered no acceptable method, the server answers X'FF'",
      requirement:
        "If none of the offered methods is acceptable, the server selects X'FF'; the client must then close.",
      run: async (context) => {
        const observed = await offer(context, encodeGreeting([UNASSIGNED]));
        const reply = verify('rfc1928/3-ff-none', observed, describeOffer, [
          ...selectionOutcomes([UNASSIGNED]),
          outcome('PASS', "answers X'FF'", refuses),
          outcome('FAIL', "closes without the X'FF' selection", closes),
        ]);
        if (reply.verdict !== 'PASS') return reply;
        const since = observed.selection.kind === 'decoded' ? observed.selection.at : undefined;
        const closed = await observed.probe.awaitClose(context.ms(10_000), since);
        const afterMs = closed.kind === 'closed' ? Math.round(closed.afterMs) : undefined;
        const close = verify(
          'rfc1928/3-ff-none',
          closed,
          (c) =>
            c.kind === 'closed'
              ? `server closed ${afterMs} ms after X'FF'`
              : `still open ${Math.round(c.waitedMs)} ms after X'FF'`,
          [
            outcome('PASS', "server closes after X'FF'", (c) => c.kind === 'closed'),
            outcome(
              'INFO',
              "server leaves the close to the client, which MUST close after X'FF'",
              (c) => c.kind === 'open',
            ),
          ],
          afterMs === undefined ? undefined : { closeDelayMs: afterMs },
        );
        return [reply, close];
      },
    },
    {
      id: 'socks5/method/nmethods-zero',
      clauses: ['rfc1928/3-nmethods-range'],
      role: 'server',
      versions: ['5'],
      title: 'A greeting with NMETHODS 0 is refused, never answered with a selection',
      requirement:
        'METHODS holds 1 to 255 octets; a greeting with none offers nothing the server could select.',
      run: async (context) => {
        const observed = await offer(context, encodeGreeting([]));
        return verify('rfc1928/3-nmethods-range', observed, describeOffer, [
          ...selectionOutcomes([]),
          outcome('PASS', "answers X'FF'", refuses),
          outcome('PASS', 'closes the connection', closes),
          outcome('INFO', 'waits without answering', (o) => o.selection.kind === 'timeout'),
        ]);
      },
    },
    {
      id: 'socks5/method/nmethods-exceeds-bytes',
      clauses: ['rfc1928/3-nmethods-range'],
      role: 'server',
      versions: ['5'],
      title: 'The server waits for all NMETHODS methods before it selects',
      requirement:
        'NMETHODS counts the METHODS octets; the server must not answer a greeting of which some methods are still to come.',
      run: async (context) => {
        const accepted = acceptedMethod(context) ?? Method.NO_AUTH;
        const whole = encodeGreeting([accepted, UNASSIGNED, PRIVATE_LOW]);
        const probe: TcpProbe = await context.connect();
        await probe.send(whole.subarray(0, 3));
        const early = await probe.read(decodeMethodSelection, context.ms(500));
        const first = verify('rfc1928/3-nmethods-range', early, describeSelectionRead, [
          outcome('PASS', 'waits for the rest of the greeting', (r) => r.kind === 'timeout'),
          outcome('PASS', 'closes the connection', (r) => r.kind === 'closed'),
          outcome(
            'FAIL',
            'selects a method before NMETHODS methods have arrived',
            (r) => r.kind === 'decoded',
          ),
        ]);
        if (early.kind !== 'timeout') return first;
        await probe.send(whole.subarray(3));
        const later = await probe.read(decodeMethodSelection, context.ms(3000));
        return [
          first,
          verify('rfc1928/3-nmethods-range', later, describeSelectionRead, [
            outcome('PASS', 'selects an offered method once the greeting is complete', (r) =>
              isSelection(r, (s) => s.method === accepted || s.method === Method.NO_ACCEPTABLE),
            ),
          ]),
        ];
      },
    },
    {
      id: 'socks5/method/255-methods',
      clauses: ['rfc1928/3-select-offered', 'rfc1928/3-nmethods-range'],
      role: 'server',
      versions: ['5'],
      title: 'A greeting offering 255 methods is answered with a selection',
      requirement: 'METHODS may hold up to 255 octets; the longest greeting is as valid as the shortest.',
      run: (context) =>
        acceptedAmong(context, 'rfc1928/3-select-offered', () => Array.from({ length: 255 }, (_, i) => i))(),
    },
    {
      id: 'socks5/method/unknown-and-private-ignored',
      clauses: ['rfc1928/3-select-offered', 'rfc1928/3-method-space'],
      role: 'server',
      versions: ['5'],
      title: 'Unassigned and private methods in the offer are ignored, not fatal',
      requirement:
        "Methods the server does not know (IANA-unassigned, X'80'–X'FE' private) are passed over; it selects one it accepts.",
      run: (context) =>
        acceptedAmong(context, 'rfc1928/3-select-offered', (a) => [
          UNASSIGNED,
          PRIVATE_LOW,
          PRIVATE_HIGH,
          a,
        ])(),
    },
    {
      id: 'socks5/method/duplicates',
      clauses: ['rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: 'A method offered twice is still selectable',
      requirement:
        'The server selects from the methods listed; listing one twice does not make it unacceptable.',
      run: (context) => acceptedAmong(context, 'rfc1928/3-select-offered', (a) => [a, a, UNASSIGNED, a])(),
    },
    {
      id: 'socks5/method/greeting-bytewise',
      clauses: ['rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: 'A greeting that arrives one octet at a time is answered',
      splitsMessages: true,
      requirement:
        'TCP keeps no message boundaries: a greeting split into 1-octet segments is the same greeting.',
      run: (context) =>
        acceptedAmong(context, 'rfc1928/3-select-offered', (a) => [UNASSIGNED, a], 'bytewise')(),
    },
    {
      id: 'socks5/method/greeting-coalesced',
      clauses: ['rfc1928/3-select-offered', 'rfc1928/4-req-format'],
      role: 'server',
      versions: ['5'],
      title: 'A greeting coalesced with the CONNECT request is answered, and so is the request',
      requirement:
        'Bytes that arrive with the greeting belong to the next message; a server must not lose them.',
      run: async (context) => {
        if (!context.capabilities.acceptedMethods.includes(Method.NO_AUTH)) {
          return skipped('rfc1928/3-select-offered', 'SKIP', 'the target does not accept NO-AUTH');
        }
        const { host, port } = context.echo.tcpEcho4;
        const bytes = Buffer.concat([
          encodeGreeting([Method.NO_AUTH]),
          encodeRequest(Command.CONNECT, ipv4(host), port),
        ]);
        const probe = await context.connect();
        await probe.send(bytes);
        const first = await probe.read(decodeMethodSelection, context.ms(3000));
        const selection = verify(
          'rfc1928/3-select-offered',
          { probe, selection: first, after: undefined },
          describeOffer,
          [
            ...selectionOutcomes([Method.NO_AUTH]),
            outcome(
              'PASS',
              'selects NO-AUTH',
              selects((s) => s.method === Method.NO_AUTH),
            ),
          ],
        );
        if (selection.verdict !== 'PASS') return selection;
        const result = await probe.read(decodeReply, context.ms(3000));
        return [
          selection,
          verify('rfc1928/4-req-format', result, (r) => describeRead(r, describeReply), [
            outcome(
              'PASS',
              'answers the coalesced request (REP 00 to the echo)',
              (r) => r.kind === 'decoded' && r.value.reply === 0,
            ),
            outcome(
              'PASS',
              'answers the coalesced request with a failure REP RFC 1928 defines (its ruleset refuses it): the request was not lost',
              definedFailure,
            ),
            outcome(
              'WARN',
              'loses the request that arrived with the greeting (clients that pipeline fail)',
              (r) => r.kind === 'timeout',
            ),
          ]),
        ];
      },
    },
    {
      id: 'socks5/method/interleaved-greetings',
      clauses: ['rfc1928/3-select-offered', 'rfc1928/3-ff-none'],
      role: 'server',
      versions: ['5'],
      title:
        "Greetings of three connections arriving in interleaved pieces each get their own connection's answer",
      requirement:
        'A METHOD selection answers the greeting of its own connection: whatever order the octets of several ' +
        "connections' greetings arrive in, each connection gets the method (or X'FF') its offer gets alone, and " +
        'the server goes on serving (npm socksv5 0.0.6 keeps parse state per server and dies of it).',
      run: interleavedGreetings,
    },
    {
      id: 'socks5/method/gssapi-supported',
      clauses: ['rfc1928/3-gssapi', 'rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: 'GSSAPI offered alone is selected',
      requirement: "Compliant implementations MUST support GSSAPI (method X'01').",
      run: supportedAlone(Method.GSSAPI, 'GSSAPI', 'rfc1928/3-gssapi', 'FAIL'),
    },
    {
      id: 'socks5/method/userpass-supported',
      clauses: ['rfc1928/3-userpass', 'rfc1928/3-select-offered'],
      role: 'server',
      versions: ['5'],
      title: 'USERNAME/PASSWORD offered alone is selected',
      requirement: "Compliant implementations SHOULD support USERNAME/PASSWORD (method X'02', RFC 1929).",
      run: supportedAlone(Method.USERNAME_PASSWORD, 'USERNAME/PASSWORD', 'rfc1928/3-userpass', 'WARN'),
    },
    {
      id: 'socks5/method/greeting-version-6',
      clauses: ['rfc1928/3-greeting-ver'],
      role: 'server',
      versions: ['5'],
      title: 'A greeting with VER 6 is not answered as SOCKS5',
      requirement:
        "Only VER X'05' is a SOCKS5 greeting; the server must not select a method for another version.",
      run: async (context) => {
        const observed = await offer(context, encodeGreeting([Method.NO_AUTH], { version: 6 }));
        return verify('rfc1928/3-greeting-ver', observed, describeOffer, [
          outcome(
            'FAIL',
            'selects a method for a VER 6 greeting',
            selects((s) => s.method !== Method.NO_ACCEPTABLE),
          ),
          outcome('PASS', "answers X'FF'", refuses),
          outcome('PASS', 'closes the connection', closes),
          outcome('INFO', 'waits without answering', (o) => o.selection.kind === 'timeout'),
        ]);
      },
    },
    {
      id: 'socks5/method/socks4-request-not-answered-as-5',
      clauses: ['rfc1928/3-greeting-ver'],
      role: 'server',
      versions: ['5', '4'],
      title: 'A SOCKS4 request is answered as SOCKS4 or refused, never as a SOCKS5 greeting',
      requirement:
        "A first octet X'04' is not a SOCKS5 greeting: the server takes the SOCKS4 path or closes.",
      run: async (context) => {
        const probe = await context.connect();
        // DSTPORT 1 puts X'00' where a SOCKS5 parser expects the first method: a server that misreads the
        // request as a greeting (VER 4, NMETHODS 1, METHODS [00]) then selects NO-AUTH.
        await probe.send(encodeSocks4Request(Command.CONNECT, '127.0.0.1', 1));
        const answer = await probe.readBytes(2, context.ms(3000));
        return verify('rfc1928/3-greeting-ver', answer, (r) => describeRead(r, () => 'answer'), [
          outcome(
            'FAIL',
            'selects a method, reading the SOCKS4 request as a SOCKS5 greeting',
            (r) => r.kind === 'decoded' && r.bytes[0] === 0x05 && r.bytes[1] !== Method.NO_ACCEPTABLE,
          ),
          outcome(
            'INFO',
            "refuses with a SOCKS5 X'FF' (the spec leaves the answer to other versions open; a SOCKS4 client reads a short reply)",
            (r) => r.kind === 'decoded' && r.bytes[0] === 0x05,
          ),
          outcome('PASS', 'answers as SOCKS4 (VN 0)', (r) => r.kind === 'decoded' && r.bytes[0] === 0x00),
          outcome('PASS', 'closes the connection', (r) => r.kind === 'closed'),
          outcome('INFO', 'waits without answering', (r) => r.kind === 'timeout'),
        ]);
      },
    },
  ],
);
