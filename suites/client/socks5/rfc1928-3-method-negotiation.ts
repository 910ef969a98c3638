import { outcome, verify } from '../../../harness/model/outcome.js';
import { Method } from '../../../harness/wire/constants.js';
import { encodeMethodSelection } from '../../../harness/wire/socks5-greeting.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import { checkReportsFailure, checkStopsAndCloses } from '../client-checks.js';
import { describeRun, find, firstSession, inWindow } from '../client-observations.js';
import { socks5 } from '../scripts.js';

/** VN 4 and CD 1 or 2 (CONNECT, BIND): the start of a SOCKS4 request, never of a SOCKS5 message. */
const looksLikeSocks4Request = (bytes: Buffer) =>
  bytes[0] === 0x04 && (bytes[1] === 0x01 || bytes[1] === 0x02);

export default defineSuiteClientCases(
  'RFC 1928 §3 (client)',
  'suites/client/socks5/rfc1928-3-method-negotiation.ts',
  [
    {
      id: 'client/socks5/method/greeting-format',
      clauses: ['rfc1928/3-greeting-ver', 'rfc1928/3-nmethods-range'],
      versions: ['5'],
      title: "The greeting is VER X'05', NMETHODS, and NMETHODS method octets (at least one)",
      requirement:
        'The version identifier/method selection message carries VER 5, then NMETHODS, then exactly NMETHODS ' +
        'method octets, between 1 and 255 of them.',
      script: socks5(),
      verdict: (run) => {
        const events = firstSession(run);
        return verify('rfc1928/3-greeting-ver', run, describeRun, [
          outcome('FAIL', 'the greeting never completed: NMETHODS counts more methods than were sent', () =>
            events.some((e) => e.type === 'incomplete' && e.phase === 'greeting' && e.bytes.length > 0),
          ),
          outcome('FAIL', 'VER is not 5', () => find(events, 'greeting')?.value.version !== 5),
          outcome(
            'FAIL',
            'NMETHODS is 0: an empty method list',
            () => find(events, 'greeting')?.value.methods.length === 0,
          ),
          outcome('PASS', 'VER 5 and NMETHODS counting the 1–255 method octets sent', () => true),
        ]);
      },
    },
    {
      id: 'client/socks5/method/method-space',
      clauses: ['rfc1928/3-method-space'],
      versions: ['5'],
      title: "The greeting offers methods, never X'FF' (the server's 'no acceptable methods')",
      requirement:
        "METHOD values are 00, 01, 02, 03–7F (IANA), 80–FE (private use); X'FF' means NO ACCEPTABLE METHODS, the " +
        "server's refusal, and names no method a client could support. No sentence forbids a client to list it, " +
        'so a greeting that does is recorded (INFO), not scored.',
      script: socks5(),
      verdict: (run) => {
        const greeting = find(firstSession(run), 'greeting')?.value;
        const listed = greeting?.methods.map((m) => m.toString(16).padStart(2, '0')).join(' ') ?? '';
        return verify('rfc1928/3-method-space', run, describeRun, [
          outcome(
            'SKIP',
            'no whole greeting (client/socks5/method/greeting-format judges that)',
            () => !greeting,
          ),
          outcome(
            'INFO',
            `offers X'FF' (methods ${listed}), which the spec defines only as the server's refusal`,
            () => greeting?.methods.includes(Method.NO_ACCEPTABLE) === true,
          ),
          outcome('PASS', `every method offered (${listed}) lies in 00–FE`, () => true),
        ]);
      },
    },
    {
      id: 'client/socks5/method/offers-gssapi',
      clauses: ['rfc1928/3-gssapi'],
      versions: ['5'],
      title: "The client offers GSSAPI (X'01'), which compliant implementations must support",
      requirement:
        "RFC 1928 §3: compliant implementations MUST support GSSAPI. A client shows support by offering X'01'; one " +
        'that does not offer it may still support it once given Kerberos credentials, which the harness cannot ' +
        'give, so not offering it is recorded (INFO), not scored.',
      script: socks5(),
      verdict: (run) => {
        const greeting = find(firstSession(run), 'greeting')?.value;
        return verify('rfc1928/3-gssapi', run, describeRun, [
          outcome(
            'SKIP',
            'no whole greeting (client/socks5/method/greeting-format judges that)',
            () => !greeting,
          ),
          outcome('PASS', "offers GSSAPI (X'01')", () => greeting?.methods.includes(Method.GSSAPI) === true),
          outcome('INFO', "does not offer GSSAPI (X'01') in this run", () => true),
        ]);
      },
    },
    {
      id: 'client/socks5/method/ff-closes',
      clauses: ['rfc1928/3-ff-client-close'],
      versions: ['5'],
      title: "On METHOD X'FF' the client closes the connection without sending a request",
      requirement:
        "If the server answers X'FF' (no acceptable method), the client must close the connection; it sends no " +
        'request and no credentials.',
      script: socks5({ methods: [] }),
      verdict: (run) => [
        checkStopsAndCloses('rfc1928/3-ff-client-close', run, 'after-ff', '05 FF'),
        checkReportsFailure('rfc1928/3-ff-client-close', run, '05 FF'),
      ],
    },
    {
      id: 'client/socks5/method/selection-wrong-version',
      clauses: ['rfc1928/3-select-offered'],
      versions: ['5'],
      title: "A method selection with VER X'04' is not taken as a SOCKS5 selection",
      requirement:
        "The method selection message is VER X'05', METHOD; a client that gets another VER has no SOCKS5 " +
        'server to talk to and stops, and reports the failure (the spec does not say how, so continuing, or ' +
        'never ending, is a warning).',
      script: socks5({ selection: encodeMethodSelection(Method.NO_AUTH, 0x04) }),
      verdict: (run) => {
        const events = firstSession(run);
        const more = inWindow(events, 'after-selection').data?.bytes;
        return [
          verify('rfc1928/3-select-offered', run, describeRun, [
            outcome(
              'WARN',
              'sent a SOCKS4 request on the same connection (fell back to SOCKS4 on 04 00)',
              () => more !== undefined && looksLikeSocks4Request(more),
            ),
            outcome(
              'WARN',
              'went on as if 04 00 were a SOCKS5 selection (sent more octets)',
              () => more !== undefined,
            ),
            outcome('PASS', 'closed the connection without sending more', () =>
              events.some((e) => e.type === 'client-close' && e.window === 'after-selection'),
            ),
            outcome('FAIL', 'kept the connection open', () => true),
          ]),
          checkReportsFailure('rfc1928/3-select-offered', run, "a selection with VER X'04'", 'WARN'),
        ];
      },
    },
  ],
);
