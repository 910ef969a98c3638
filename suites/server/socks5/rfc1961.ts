/**
 * RFC 1961, GSS-API authentication for SOCKS V5: the message framing (ver X'01', mtyp, len, token) and the abort
 * X'01' X'FF', checked without a Kerberos mechanism. No security context can be established, so every case feeds
 * the server a message it must refuse and checks that the refusal is framed right and followed by the close.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, type Outcome, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { ReadResult, SilenceResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, GssMessageType, Method, RFC1961_VERSION } from '../../../harness/wire/constants.js';
import {
  decodeGssMessage,
  describeGssMessage,
  encodeGssMessage,
  type GssMessage,
} from '../../../harness/wire/rfc1961.js';
import { decodeMethodSelection, encodeGreeting } from '../../../harness/wire/socks5-greeting.js';
import { encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases, type SuiteCase } from '../../define-cases.js';
import { verifyClosesAfterFailure } from '../support/close-rule.js';
import {
  describeRead,
  describeSelectionRead,
  describeSilence,
  isSelection,
} from '../support/observations.js';
import { verifyStillAnswers } from '../support/target-still-answers.js';

const ABORT_CLAUSE = 'rfc1961/3.8-abort';
const FRAME_CLAUSE = 'rfc1961/3.4-frame';

/** An initial context token no GSS-API mechanism accepts. */
const GARBAGE_TOKEN = Buffer.from('socks-conformance: not a GSS-API token');

/** Offers GSSAPI alone; UNSUPPORTED when the target refuses it the way RFC 1928 allows. */
async function selectGssapi(
  context: CaseContext,
  clause: string,
): Promise<{ probe: TcpProbe } | { check: Check }> {
  const probe = await context.connect();
  await probe.send(encodeGreeting([Method.GSSAPI]));
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  if (isSelection(selection, (s) => s.method === Method.GSSAPI)) return { probe };
  if (isSelection(selection, (s) => s.method === Method.NO_ACCEPTABLE) || selection.kind === 'closed') {
    return {
      check: skipped(
        clause,
        'UNSUPPORTED',
        `the target does not select GSSAPI (${describeSelectionRead(selection)}); socks5/method/gssapi-supported judges that`,
      ),
    };
  }
  return {
    check: skipped(
      clause,
      'SKIP',
      `GSSAPI offered alone was not selected: ${describeSelectionRead(selection)}`,
    ),
  };
}

interface Answer {
  readonly probe: TcpProbe;
  readonly message: ReadResult<GssMessage>;
  /** What followed an abort within a short wait: the abort has no length and no token. */
  readonly after: SilenceResult | undefined;
}

async function answerTo(
  probe: TcpProbe,
  context: CaseContext,
  bytes: Uint8Array,
  fin: boolean,
): Promise<Answer> {
  await probe.send(bytes);
  if (fin) probe.endWrite();
  const message = await probe.read(decodeGssMessage, context.ms(3000));
  const after = isAbort(message) ? await probe.expectSilence(context.ms(200)) : undefined;
  return { probe, message, after };
}

function describeAnswer(answer: Answer): string {
  const message = describeRead(answer.message, describeGssMessage);
  return answer.after?.kind === 'data' ? `${message}, then ${describeSilence(answer.after)}` : message;
}

function isAbort(message: ReadResult<GssMessage>): boolean {
  return message.kind === 'decoded' && message.value.kind === 'abort';
}

const isMessage = (a: Answer, test: (m: Extract<GssMessage, { kind: 'message' }>) => boolean) =>
  a.message.kind === 'decoded' && a.message.value.kind === 'message' && test(a.message.value);
const closes = (a: Answer) => a.message.kind === 'closed';

/** The abort must be exactly X'01' X'FF' (§3.8). */
const abortOutcomes: readonly Outcome<Answer>[] = [
  outcome(
    'FAIL',
    "an abort with ver other than X'01'",
    (a) => isAbort(a.message) && a.message.kind === 'decoded' && a.message.value.version !== RFC1961_VERSION,
  ),
  outcome(
    'FAIL',
    'octets after the abort, which has no length and no token',
    (a) => isAbort(a.message) && a.after?.kind === 'data',
  ),
  outcome('PASS', "the abort X'01' X'FF'", (a) => isAbort(a.message)),
];

/** The refusal's second axis: after the abort the server closes, within the 10 s of RFC 1928 §6. */
async function closeAfterAbort(context: CaseContext, answer: Answer): Promise<Check[]> {
  if (!isAbort(answer.message) || answer.message.kind !== 'decoded') return [];
  return [
    await verifyClosesAfterFailure(context, answer.probe, answer.message.at, 'the abort', ABORT_CLAUSE),
  ];
}

/**
 * A message the server cannot take: the abort or a close is the refusal; any framed answer takes the message
 * for something it is not; silence is recorded (the RFC names no reaction to a message it does not define).
 */
function refusalCase(
  definition: Omit<SuiteCase, 'run' | 'role' | 'versions' | 'feature' | 'clauses'> & {
    readonly clause: string;
    readonly message: Uint8Array;
    readonly fin?: boolean;
    readonly answered: string;
    readonly stillAnswers?: string;
  },
): SuiteCase {
  const { clause, message, fin = false, answered, stillAnswers, ...declaration } = definition;
  const clauses = [...new Set([clause, ABORT_CLAUSE, FRAME_CLAUSE])] as [string, ...string[]];
  return {
    ...declaration,
    clauses,
    role: 'server',
    versions: ['5'],
    feature: 'gssapi',
    run: async (context) => {
      const selected = await selectGssapi(context, clause);
      if ('check' in selected) return selected.check;
      const answer = await answerTo(selected.probe, context, message, fin);
      const refusal = verify(clause, answer, describeAnswer, [
        ...abortOutcomes,
        outcome('PASS', 'closes the connection', closes),
        outcome('FAIL', answered, (a) => a.message.kind === 'decoded'),
        outcome(
          'INFO',
          fin ? 'keeps the half-closed connection open' : 'waits without answering',
          (a) => a.message.kind === 'timeout',
        ),
      ]);
      const checks = [refusal, ...(await closeAfterAbort(context, answer))];
      if (stillAnswers) checks.push(await verifyStillAnswers(context, clause, stillAnswers));
      return checks;
    },
  };
}

const CONTEXT_TOKEN = encodeGssMessage(GssMessageType.AUTHENTICATION, GARBAGE_TOKEN);

export const gssapiFraming = defineSuiteCases('RFC 1961', 'suites/server/socks5/rfc1961.ts', [
  {
    id: 'socks5/gssapi/context-token-answer-framed',
    clauses: [FRAME_CLAUSE, ABORT_CLAUSE],
    role: 'server',
    versions: ['5'],
    feature: 'gssapi',
    title: "An initial context token is answered with a framed mtyp 01 message or the abort X'01' X'FF'",
    requirement:
      "The server answers a context token with ver X'01', mtyp X'01', a 2-octet length and a token, or, refusing it for any reason, with the 2-octet abort X'01' X'FF', and then closes.",
    run: async (context) => {
      const selected = await selectGssapi(context, FRAME_CLAUSE);
      if ('check' in selected) return selected.check;
      const answer = await answerTo(selected.probe, context, CONTEXT_TOKEN, false);
      const clause = isAbort(answer.message) || closes(answer) ? ABORT_CLAUSE : FRAME_CLAUSE;
      const framed = verify(clause, answer, describeAnswer, [
        ...abortOutcomes,
        outcome('PASS', "a continuation message: ver X'01', mtyp X'01', len, token", (a) =>
          isMessage(a, (m) => m.version === RFC1961_VERSION && m.type === GssMessageType.AUTHENTICATION),
        ),
        outcome('FAIL', "closes without the abort X'01' X'FF'", closes),
      ]);
      return [framed, ...(await closeAfterAbort(context, answer))];
    },
  },
  refusalCase({
    id: 'socks5/gssapi/wrong-version-refused',
    clause: FRAME_CLAUSE,
    title: "A context message with ver X'02' is refused with the abort or a close, never continued",
    requirement:
      "The framing's ver is X'01'; a message of another version is no RFC 1961 message, so the server aborts or closes.",
    message: encodeGssMessage(GssMessageType.AUTHENTICATION, GARBAGE_TOKEN, { version: 2 }),
    answered: "answers with a message: takes ver X'02' for X'01'",
  }),
  refusalCase({
    id: 'socks5/gssapi/unknown-mtyp-refused',
    clause: FRAME_CLAUSE,
    title: 'A message of undefined mtyp 05 is refused with the abort or a close',
    requirement:
      'RFC 1961 defines mtyp 01 (authentication), 02 (protection level), 03 (encapsulated data) and FF (abort); any other is refused.',
    message: encodeGssMessage(0x05, GARBAGE_TOKEN),
    answered: 'answers with a message: takes an undefined mtyp for a defined one',
  }),
  refusalCase({
    id: 'socks5/gssapi/protection-before-context-refused',
    clause: 'rfc1961/4.3-prot-frame',
    title: 'A protection-level message (mtyp 02) before any context is refused',
    requirement:
      'The protection level is negotiated with mtyp 02 only after a security context is established; before that it is refused.',
    message: encodeGssMessage(GssMessageType.PROTECTION, Buffer.from([1])),
    answered: 'answers with a message: negotiates a protection level without a context',
  }),
  refusalCase({
    id: 'socks5/gssapi/encapsulated-before-context-refused',
    clause: 'rfc1961/5-encap',
    title: 'Encapsulated data (mtyp 03) before authentication is refused, never served',
    requirement:
      'Data is framed as mtyp 03 only after the context and protection level are agreed; a request so framed before that is refused.',
    message: encodeGssMessage(
      GssMessageType.ENCAPSULATION,
      encodeRequest(Command.CONNECT, ipv4('127.0.0.1'), 9),
    ),
    answered: 'answers with a message: takes encapsulated data without authentication',
  }),
  refusalCase({
    id: 'socks5/gssapi/truncated-header-then-fin',
    clause: FRAME_CLAUSE,
    title: 'A message cut inside its length field, then FIN, is closed on and the target keeps answering',
    requirement:
      'A message header is ver, mtyp and a 2-octet length; a client that ends inside it gets an abort or a close, and the server survives.',
    message: CONTEXT_TOKEN.subarray(0, 3),
    fin: true,
    answered: 'answers with a message to an incomplete header',
    stillAnswers: 'a message cut inside its length field',
  }),
  refusalCase({
    id: 'socks5/gssapi/short-token-then-fin',
    clause: FRAME_CLAUSE,
    title:
      'A length larger than the token that follows, then FIN, is closed on and the target keeps answering',
    requirement:
      'len counts the token octets; a client that ends before them gets an abort or a close, and the server survives.',
    message: encodeGssMessage(GssMessageType.AUTHENTICATION, GARBAGE_TOKEN.subarray(0, 4), { length: 64 }),
    fin: true,
    answered: 'answers with a message to a token that never arrived',
    stillAnswers: 'a token shorter than its length',
  }),
]);
