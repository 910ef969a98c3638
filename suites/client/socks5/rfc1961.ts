import type { ClientRun } from '../../../harness/model/client-case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import { GssMessageType, Method } from '../../../harness/wire/constants.js';
import { encodeGssMessage } from '../../../harness/wire/rfc1961.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import { checkReportsFailure, checkStopsAndCloses } from '../client-checks.js';
import { describeRun, find, firstSession, inWindow } from '../client-observations.js';
import { socks5 } from '../scripts.js';

/** An octet string that is no mechanism's context token: neither RFC 2743 §3.1 framing (X'60') nor SPNEGO. */
const NOT_A_TOKEN = Buffer.from('socks-conformance: not a context token', 'latin1');

/**
 * The client's first GSSAPI message, or the SKIP/INFO that ends the case when there is none: the client did not
 * offer GSSAPI, or offered it and sent no whole message (it has no credentials to start a context with).
 */
function firstGssMessage(run: ClientRun, clause: string) {
  const events = firstSession(run);
  const offered = find(events, 'greeting')?.value.methods.includes(Method.GSSAPI) ?? false;
  const message = find(events, 'gssapi');
  if (offered && message) return { message: message.value };
  return {
    ended: verify(clause, run, describeRun, [
      outcome('SKIP', "not applicable: the client did not offer GSSAPI (X'01')", () => !offered),
      outcome(
        'INFO',
        'the client offered GSSAPI but sent no whole GSSAPI message, so the server never answered it',
        () => true,
      ),
    ]),
  };
}

/** RFC 1961 §3.4: the client's first message is ver X'01', mtyp X'01', a 2-octet length and the token. */
function checkFrame(
  run: ClientRun,
  message: NonNullable<ReturnType<typeof firstGssMessage>['message']>,
): Check {
  return verify('rfc1961/3.4-frame', run, describeRun, [
    outcome(
      'FAIL',
      `the GSSAPI message is ver X'${message.version.toString(16).padStart(2, '0')}', not X'01'`,
      () => message.version !== 0x01,
    ),
    outcome(
      'FAIL',
      "the first GSSAPI message is not mtyp X'01' (authentication)",
      () => message.kind !== 'message' || message.type !== GssMessageType.AUTHENTICATION,
    ),
    outcome('PASS', "ver X'01', mtyp X'01', the length and the token", () => true),
  ]);
}

export default defineSuiteClientCases('RFC 1961 (client)', 'suites/client/socks5/rfc1961.ts', [
  {
    id: 'client/socks5/gssapi/abort-stops',
    clauses: ['rfc1961/3.8-abort-client', 'rfc1961/3.4-frame'],
    versions: ['5'],
    title: "A client that offered GSSAPI stops and closes on the server's abort X'01 FF'",
    requirement:
      "When the server selects GSSAPI and answers the client's first GSSAPI message with the abort X'01 FF', " +
      'the context cannot be established: the client sends nothing more (no SOCKS request) and closes. The ' +
      "message itself is framed ver X'01', mtyp X'01', a 2-octet length, the token (§3.4).",
    // The server accepts GSSAPI only, and answers any GSSAPI message with 01 FF.
    script: socks5({ methods: [Method.GSSAPI] }),
    verdict: (run) => {
      const { message, ended } = firstGssMessage(run, 'rfc1961/3.8-abort-client');
      if (!message) return ended;
      return [
        checkFrame(run, message),
        checkStopsAndCloses('rfc1961/3.8-abort-client', run, 'after-gss-abort', '01 FF'),
        checkReportsFailure('rfc1961/3.8-abort-client', run, '01 FF'),
      ];
    },
  },
  {
    id: 'client/socks5/gssapi/init-fail-closes',
    clauses: ['rfc1961/3.5-init-fail'],
    versions: ['5'],
    title: 'A client whose context initiation fails on the answer token closes, without a SOCKS request',
    requirement:
      "RFC 1961 §3.5: if the client's call to gss_init_sec_context fails, the client must close its connection. " +
      "The server answers the client's first token with an mtyp X'01' message whose token no mechanism can " +
      'accept, so initiation fails: the client must send no SOCKS request and close.',
    script: socks5({
      methods: [Method.GSSAPI],
      gssAnswer: encodeGssMessage(GssMessageType.AUTHENTICATION, NOT_A_TOKEN),
    }),
    verdict: (run) => {
      const clause = 'rfc1961/3.5-init-fail';
      const { message, ended } = firstGssMessage(run, clause);
      if (!message) return ended;
      return [
        verify(clause, run, describeRun, [
          outcome(
            'FAIL',
            'sent its SOCKS request (VER 05) as if a context had been established',
            (r) => inWindow(firstSession(r), 'after-gss-token').data?.bytes[0] === 0x05,
          ),
          outcome(
            'PASS',
            'closed the connection after a token it could not accept',
            (r) => inWindow(firstSession(r), 'after-gss-token').close !== undefined,
          ),
          outcome('FAIL', 'kept the connection open after a token it could not accept', () => true),
        ]),
        checkReportsFailure(clause, run, 'a context token no mechanism accepts'),
      ];
    },
  },
]);
