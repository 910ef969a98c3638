import { outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { formatHex } from '../../../harness/net/hexdump.js';
import type { WireEvent } from '../../../harness/reference/server-script.js';
import { Method } from '../../../harness/wire/constants.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import { checkReportsFailure, checkStopsAndCloses, checkUsedConnection } from '../client-checks.js';
import { describeRun, find, firstSession, inWindow } from '../client-observations.js';
import { socks5 } from '../scripts.js';

/** After X'02' was selected the client closed (FIN or RST) having sent no octet of a sub-negotiation request. */
const closedWithoutCredentials = (events: readonly WireEvent[]) =>
  events.some(
    (e) =>
      e.type === 'incomplete' &&
      e.phase === 'auth' &&
      e.bytes.length === 0 &&
      (e.how === 'fin' || e.how === 'rst'),
  );
const CLOSED_UNSENT =
  "X'02' selected, then closed without sending credentials (0 octets of a sub-negotiation request)";

export default defineSuiteClientCases('RFC 1929 (client)', 'suites/client/socks5/rfc1929.ts', [
  {
    id: 'client/socks5/auth/request-format',
    clauses: ['rfc1929/2-ver', 'rfc1929/2-ulen', 'rfc1929/2-plen', 'rfc1928/3-userpass'],
    versions: ['5'],
    title: "Given credentials, the client offers X'02' and sends VER 01, ULEN, UNAME, PLEN, PASSWD",
    requirement:
      "A client given a username and password offers USERNAME/PASSWORD; once the server selects X'02' it sends " +
      "VER X'01', then the username and the password each with its length octet (1 to 255), and on STATUS 00 " +
      'goes on with its request.',
    needsCredentials: true,
    script: socks5({ methods: [Method.USERNAME_PASSWORD] }),
    verdict: (run) => {
      const events = firstSession(run);
      const auth = find(events, 'auth');
      const offered = find(events, 'greeting')?.value.methods.includes(0x02) === true;
      const { user, password } = run.placeholders;
      const unfinished = "X'02' selected but no whole sub-negotiation request arrived";
      return [
        verify('rfc1928/3-userpass', run, describeRun, [
          outcome('PASS', "offered X'02'", () => offered),
          outcome('WARN', "did not offer X'02' although it was given credentials", () => true),
        ]),
        verify('rfc1929/2-ver', run, describeRun, [
          outcome('PASS', "sub-negotiation VER X'01'", () => auth?.value.version === 0x01),
          outcome('FAIL', 'sub-negotiation VER is not 01', () => auth !== undefined),
          outcome('FAIL', CLOSED_UNSENT, () => offered && closedWithoutCredentials(events)),
          outcome('FAIL', unfinished, () => offered),
          outcome('SKIP', "no sub-negotiation (X'02' not offered: see rfc1928/3-userpass)", () => true),
        ]),
        verify('rfc1929/2-ulen', run, describeRun, [
          outcome(
            'PASS',
            'UNAME and PASSWD are the credentials given, each with its length',
            () => auth !== undefined && auth.value.username === user && auth.value.password === password,
          ),
          outcome(
            'FAIL',
            'UNAME or PASSWD differ from the credentials given (a wrong length octet?)',
            () => auth !== undefined,
          ),
          outcome('FAIL', CLOSED_UNSENT, () => offered && closedWithoutCredentials(events)),
          outcome('FAIL', `${unfinished} (a length octet counting more than was sent?)`, () => offered),
          outcome('SKIP', "no sub-negotiation (X'02' not offered)", () => true),
        ]),
        ...(auth ? [checkUsedConnection('rfc1929/2-plen', run, 'the connection after STATUS 00')] : []),
      ];
    },
  },
  {
    id: 'client/socks5/auth/long-credentials',
    clauses: ['rfc1929/2-ulen', 'rfc1929/2-plen'],
    versions: ['5'],
    title: 'A 200-octet username and a 255-octet password go with ULEN and PLEN as one octet each',
    requirement:
      'ULEN and PLEN are one octet each and UNAME and PASSWD 1 to 255 octets: credentials of 128 octets or more ' +
      "(here 200 and 255) have length octets with the high bit set, X'C8' and X'FF'. A length written any other " +
      'way (two octets, as the UTF-8 encoding of the number) makes the server read other credentials.',
    needsCredentials: true,
    longCredentials: true,
    script: socks5({ methods: [Method.USERNAME_PASSWORD] }),
    verdict: (run) => {
      const events = firstSession(run);
      const auth = find(events, 'auth');
      const offered = find(events, 'greeting')?.value.methods.includes(Method.USERNAME_PASSWORD) === true;
      const { user, password } = run.placeholders;
      const userOctets = Buffer.byteLength(user);
      const asUtf8 = Buffer.from(String.fromCodePoint(userOctets), 'utf8');
      const ulen = (bytes: Buffer) =>
        bytes.subarray(1, 1 + asUtf8.length).equals(asUtf8)
          ? `ULEN written as ${formatHex(asUtf8)}, the UTF-8 encoding of ${userOctets}, not one octet`
          : `ULEN X'${bytes[1]?.toString(16).padStart(2, '0')}' for a ${userOctets}-octet username`;
      const check = verify('rfc1929/2-ulen', run, describeRun, [
        outcome(
          'SKIP',
          "not applicable: the client did not offer X'02' (client/socks5/auth/request-format judges that)",
          () => !offered,
        ),
        outcome(
          'PASS',
          `UNAME and PASSWD are the ${userOctets}- and ${Buffer.byteLength(password)}-octet credentials given`,
          () => auth?.value.username === user && auth.value.password === password,
        ),
        outcome(
          'FAIL',
          `UNAME or PASSWD differ from the credentials given: ${auth ? ulen(auth.bytes) : ''}`,
          () => auth !== undefined,
        ),
        outcome(
          'FAIL',
          `${CLOSED_UNSENT}: the ${userOctets}- and ${Buffer.byteLength(password)}-octet credentials are within RFC 1929's 1 to 255`,
          () => closedWithoutCredentials(events),
        ),
        outcome(
          'FAIL',
          "X'02' selected but no whole sub-negotiation request arrived (a length octet counting more than was sent?)",
          () => true,
        ),
      ]);
      return check.verdict === 'PASS'
        ? [check, checkUsedConnection('rfc1929/2-plen', run, 'the connection after STATUS 00')]
        : check;
    },
  },
  {
    id: 'client/socks5/auth/no-subnegotiation-after-00',
    clauses: ['rfc1929/2-after-02'],
    versions: ['5'],
    title:
      "Given credentials but X'00' selected, the client sends its request, not an RFC 1929 sub-negotiation",
    requirement:
      "The RFC 1929 sub-negotiation begins after the server has selected X'02'. A client that offered X'00' and " +
      "X'02' and got X'00' (no authentication) goes straight on with its SOCKS request. The server holds its " +
      'selection back 200 ms: credentials sent before any selection (pipelined behind the greeting) are INFO.',
    needsCredentials: true,
    script: socks5({ methods: [Method.NO_AUTH], selectionDelayMs: 200 }),
    verdict: (run) => {
      const events = firstSession(run);
      const early = inWindow(events, 'before-selection').data;
      const greeting = find(events, 'greeting')?.value;
      const request = find(events, 'request');
      const unread = events.find((e) => e.type === 'incomplete' && e.phase === 'request');
      const clause = 'rfc1929/2-after-02';
      if (greeting && !greeting.methods.includes(Method.NO_AUTH))
        return skipped(
          clause,
          'SKIP',
          "not applicable: the client did not offer X'00' beside its credentials",
        );
      return [
        verify(clause, run, describeRun, [
          outcome(
            'INFO',
            "sent its RFC 1929 request behind the greeting, before any selection (pipelined: a server that selects X'00' reads it as stray octets)",
            () => early?.bytes[0] === 0x01,
          ),
          outcome('PASS', "sent its SOCKS request after X'00' was selected", () => request !== undefined),
          outcome(
            'FAIL',
            "sent an RFC 1929 sub-negotiation (VER X'01') although X'00' was selected",
            () => unread?.type === 'incomplete' && unread.bytes[0] === 0x01,
          ),
          outcome('FAIL', "no SOCKS request after X'00' was selected", () => true),
        ]),
        ...(request ? [checkUsedConnection(clause, run, "the connection after X'00'")] : []),
      ];
    },
  },
  {
    id: 'client/socks5/auth/failure-stops',
    clauses: ['rfc1929/2-client-fail'],
    versions: ['5'],
    title: 'On STATUS not 00 the client sends no request, closes, and reports the failure',
    requirement:
      "A STATUS other than X'00' means the credentials were refused: the client must not send its request; the " +
      'server closes, and so does the client.',
    needsCredentials: true,
    script: socks5({ methods: [Method.USERNAME_PASSWORD], authResponse: Buffer.from([0x01, 0x01]) }),
    verdict: (run) => [
      checkStopsAndCloses('rfc1929/2-client-fail', run, 'after-auth-failure', 'STATUS 01'),
      checkReportsFailure('rfc1929/2-client-fail', run, 'STATUS 01'),
    ],
  },
]);
