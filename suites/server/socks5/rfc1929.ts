/**
 * RFC 1929, username/password authentication for SOCKS V5: after the server selects X'02', the client sends
 * VER X'01', ULEN, UNAME, PLEN, PASSWD (each field 1 to 255 octets); the server verifies them, answers
 * VER X'01', STATUS, and closes on any STATUS but X'00'.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { negotiate } from '../../../harness/probes/negotiate.js';
import { ipv4 } from '../../../harness/wire/address.js';
import { Command, Method } from '../../../harness/wire/constants.js';
import {
  type AuthResponse,
  decodeAuthResponse,
  describeAuthResponse,
  encodeAuthRequest,
} from '../../../harness/wire/rfc1929.js';
import { decodeMethodSelection, encodeGreeting } from '../../../harness/wire/socks5-greeting.js';
import { decodeReply, describeReply, encodeRequest } from '../../../harness/wire/socks5-request.js';
import { defineSuiteCases } from '../../define-cases.js';
import { CLOSE_CLAUSE, verifyClosesAfterFailure } from '../support/close-rule.js';
import { interleaveOnNewConnections } from '../support/interleave.js';
import { loginRefused } from '../support/login-refused.js';
import { negotiationNotReached } from '../support/not-reached.js';
import {
  describeRead,
  describeSelectionRead,
  describeSilence,
  isSelection,
} from '../support/observations.js';
import { type Credentials, unlikelyName, wrongPassword } from '../support/rfc1929-credentials.js';
import { definedRefusalOutcomes } from '../support/socks5-reply-checks.js';
import { describeReplyRead, isReply, readReply } from '../support/socks5-request.js';
import { verifyStillAnswers } from '../support/target-still-answers.js';

type Selected = { check: Check } | { probe: TcpProbe };
type Exchange = { check: Check } | { probe: TcpProbe; response: ReadResult<AuthResponse> };

/** Offers USERNAME/PASSWORD alone; a check instead when the case cannot apply to this target. */
async function selectUsernamePassword(context: CaseContext, clause: string): Promise<Selected> {
  if (!context.capabilities.acceptedMethods.includes(Method.USERNAME_PASSWORD)) {
    return { check: skipped(clause, 'SKIP', 'the target does not select USERNAME/PASSWORD') };
  }
  const probe = await context.connect();
  await probe.send(encodeGreeting([Method.USERNAME_PASSWORD]));
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  if (selection.kind !== 'decoded' || selection.value.method !== Method.USERNAME_PASSWORD) {
    return { check: skipped(clause, 'ERROR', 'USERNAME/PASSWORD was not selected this time') };
  }
  return { probe };
}

/** Negotiates X'02', sends `message` where the RFC 1929 request belongs, and reads the 2-octet response. */
async function subnegotiate(context: CaseContext, clause: string, message: Uint8Array): Promise<Exchange> {
  const selected = await selectUsernamePassword(context, clause);
  if ('check' in selected) return selected;
  await selected.probe.send(message);
  const response = await selected.probe.read(decodeAuthResponse, context.ms(3000));
  return { probe: selected.probe, response };
}

/**
 * The RFC 1929 request with the configured credentials, or the same username with a wrong password (plus
 * `after`, coalesced). A check instead when the case cannot apply to this target.
 */
async function authenticate(
  context: CaseContext,
  clause: string,
  which: 'right' | 'wrong',
  after: Uint8Array = Buffer.alloc(0),
): Promise<Exchange> {
  if (!context.capabilities.acceptedMethods.includes(Method.USERNAME_PASSWORD)) {
    return { check: skipped(clause, 'SKIP', 'the target does not select USERNAME/PASSWORD') };
  }
  if (!context.credentials)
    return { check: skipped(clause, 'SKIP', 'no credentials given (--user/--password)') };
  const refused = which === 'right' ? loginRefused(context, clause) : undefined;
  if (refused) return { check: refused };
  const credentials = which === 'right' ? context.credentials : wrongPassword(context.credentials);
  const request = encodeAuthRequest(credentials.username, credentials.password);
  return subnegotiate(context, clause, Buffer.concat([request, after]));
}

const describeResponse = (r: ReadResult<AuthResponse>) => describeRead(r, describeAuthResponse);
const isResponse = (r: ReadResult<AuthResponse>, test: (v: AuthResponse) => boolean) =>
  r.kind === 'decoded' && test(r.value);
const isFailure = (r: ReadResult<AuthResponse>) => isResponse(r, (v) => v.status !== 0);
const isWellFormedFailure = (r: ReadResult<AuthResponse>) =>
  isResponse(r, (v) => v.version === 0x01 && v.status !== 0);
const isSuccess = (r: ReadResult<AuthResponse>) => isResponse(r, (v) => v.status === 0);
const wrongVersion = outcome<ReadResult<AuthResponse>>(
  'FAIL',
  'answers with VER other than 01 (the SOCKS version instead of the sub-negotiation version)',
  (r) => isResponse(r, (v) => v.version !== 0x01),
);

/** The second axis of a failure STATUS: the server MUST close the connection (measured against 10 s). */
function closesAfterFailure(
  context: CaseContext,
  exchange: { probe: TcpProbe; response: ReadResult<AuthResponse> },
) {
  const since = exchange.response.kind === 'decoded' ? exchange.response.at : undefined;
  return verifyClosesAfterFailure(
    context,
    exchange.probe,
    since,
    'the failure STATUS',
    'rfc1929/2-fail-close',
  );
}

/**
 * Credentials no account has, at a boundary of the 1–255 octet fields: the parser must delimit them and answer
 * with a well-formed failure STATUS, then close. This holds on any target, whatever accounts it has.
 */
async function refusesUnknownCredentials(
  context: CaseContext,
  clause: string,
  username: string,
  password: string,
): Promise<Check | Check[]> {
  const exchange = await subnegotiate(context, clause, encodeAuthRequest(username, password));
  if ('check' in exchange) return exchange.check;
  const { response } = exchange;
  const answer = verify(isSuccess(response) ? 'rfc1929/2-verify' : clause, response, describeResponse, [
    outcome('FAIL', 'STATUS 00 for credentials no account has', isSuccess),
    wrongVersion,
    outcome('PASS', 'a 2-octet failure response, VER 01 and STATUS not 00', isWellFormedFailure),
    outcome(
      'FAIL',
      'closes without a STATUS: fields of this length are not parsed',
      (r) => r.kind === 'closed',
    ),
  ]);
  if (!isFailure(response)) return answer;
  return [answer, await closesAfterFailure(context, exchange)];
}

/** Outcomes of a request with an empty field: refused (STATUS or close), tolerated (INFO), never misframed. */
function emptyFieldOutcomes(field: 'UNAME' | 'PASSWD') {
  return [
    wrongVersion,
    outcome<ReadResult<AuthResponse>>(
      'PASS',
      'refuses it: VER 01 with a failure STATUS',
      isWellFormedFailure,
    ),
    outcome<ReadResult<AuthResponse>>(
      'PASS',
      `closes without a response (an empty ${field} is outside the format)`,
      (r) => r.kind === 'closed',
    ),
    outcome<ReadResult<AuthResponse>>(
      'INFO',
      `accepts an empty ${field} (STATUS 00): the format says 1 to 255 octets, a lenient receiver may take 0`,
      isSuccess,
    ),
    outcome<ReadResult<AuthResponse>>('INFO', 'waits without answering', (r) => r.kind === 'timeout'),
  ];
}

/** A CONNECT request where the RFC 1929 request belongs, and what the target made of it. */
interface InPlaceAnswer {
  readonly first: ReadResult<Buffer>;
  /** The rest of a SOCKS5 reply, when the first two octets began one. */
  readonly rest: ReadResult<Buffer> | undefined;
}

function describeInPlace(answer: InPlaceAnswer): string {
  const first = describeRead(answer.first, () => 'answer');
  if (answer.rest === undefined) return first;
  return answer.rest.kind === 'decoded'
    ? `${first}, then 8 more octets (a full SOCKS5 reply)`
    : `${first}, then ${describeRead(answer.rest, () => 'rest')}`;
}

/**
 * Three connections, each with USERNAME/PASSWORD selected, send their RFC 1929 requests in interleaved pieces:
 * the account's credentials, a wrong password, the account's again (three unknown accounts without credentials
 * the target accepts). Each connection must get the STATUS its own credentials earn.
 */
async function interleavedRequests(context: CaseContext): Promise<Check | Check[]> {
  const clause = 'rfc1929/2-verify';
  const account = context.capabilities.credentialsAccepted ? context.credentials : undefined;
  const senders: { credentials: Credentials; valid: boolean; what: string }[] = account
    ? [
        { credentials: account, valid: true, what: "the account's credentials" },
        { credentials: wrongPassword(account), valid: false, what: 'a wrong password' },
        { credentials: account, valid: true, what: "the account's credentials" },
      ]
    : [3, 5, 7].map((length) => ({
        credentials: {
          username: unlikelyName(length, context.credentials?.username),
          password: '~'.repeat(9),
        },
        valid: false,
        what: 'credentials no account has',
      }));
  const probes = await interleaveOnNewConnections(
    context,
    () => selectUsernamePassword(context, clause),
    senders.map(({ credentials }) => encodeAuthRequest(credentials.username, credentials.password)),
  );
  if ('check' in probes) return probes.check;
  const responses = await Promise.all(probes.map((p) => p.read(decodeAuthResponse, context.ms(3000))));
  const checks: Check[] = [];
  for (const [i, sender] of senders.entries()) {
    const label = `c${i + 1}, sending ${sender.what}`;
    const response = responses[i]!;
    checks.push(
      verify(clause, response, (r) => `${label}: ${describeResponse(r)}`, [
        sender.valid
          ? outcome('PASS', `${label}: VER 01, STATUS 00`, (r) =>
              isResponse(r, (v) => v.version === 1 && v.status === 0),
            )
          : outcome('PASS', `${label}: VER 01 and a failure STATUS`, isWellFormedFailure),
        outcome(
          'FAIL',
          `${label}: another answer than its own credentials earn (the request not read across its pieces, or octets of the others read into it)`,
          () => true,
        ),
      ]),
    );
    if (!sender.valid && isFailure(response)) {
      checks.push(await closesAfterFailure(context, { probe: probes[i]!, response }));
    }
  }
  checks.push(
    await verifyStillAnswers(context, clause, 'RFC 1929 requests of three connections interleaved'),
  );
  return checks;
}

const startsWith = (answer: InPlaceAnswer, version: number, test: (code: number) => boolean) =>
  answer.first.kind === 'decoded' && answer.first.bytes[0] === version && test(answer.first.bytes[1]!);

export const usernamePassword = defineSuiteCases('RFC 1929', 'suites/server/socks5/rfc1929.ts', [
  {
    id: 'socks5/auth/success-response',
    clauses: ['rfc1929/2-ver', 'rfc1929/2-resp'],
    role: 'server',
    versions: ['5'],
    title: 'Valid credentials get the 2-octet response VER 01, STATUS 00',
    requirement: "The response to the sub-negotiation is VER X'01' and STATUS; X'00' means success.",
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-ver', 'right');
      if ('check' in exchange) return exchange.check;
      const version = verify('rfc1929/2-ver', exchange.response, describeResponse, [
        outcome('PASS', 'VER 01, STATUS 00', (r) =>
          isResponse(r, (v) => v.version === 0x01 && v.status === 0),
        ),
        wrongVersion,
      ]);
      if (version.verdict !== 'PASS') return version;
      const after = await exchange.probe.expectSilence(context.ms(200));
      return [
        version,
        verify('rfc1929/2-resp', after, describeSilence, [
          outcome('PASS', 'nothing after the 2-octet response', (s) => s.kind === 'silence'),
        ]),
      ];
    },
  },
  {
    id: 'socks5/auth/success-then-request',
    clauses: ['rfc1929/2-verify', 'rfc1929/2-resp'],
    role: 'server',
    versions: ['5'],
    title: 'After STATUS 00 the request that follows the credentials is served',
    requirement:
      'Once the server has verified UNAME and PASSWD and answered STATUS 00, the client sends its request and the server serves it.',
    segmentationVariants: true,
    run: async (context) => {
      const clause = 'rfc1929/2-verify';
      if (!context.capabilities.acceptedMethods.includes(Method.USERNAME_PASSWORD)) {
        return skipped(clause, 'SKIP', 'the target does not select USERNAME/PASSWORD');
      }
      if (!context.credentials) return skipped(clause, 'SKIP', 'no credentials given (--user/--password)');
      const refused = loginRefused(context, clause);
      if (refused) return refused;
      const { host, port } = context.echo.tcpEcho4;
      const request = encodeRequest(Command.CONNECT, ipv4(host), port);
      const probe = await context.connect();
      const negotiated = await negotiate(probe, {
        method: Method.USERNAME_PASSWORD,
        credentials: context.credentials,
        segmentation: context.segmentation,
        timeoutMs: context.ms(3000),
        followedBy: request,
      });
      if (!negotiated.ok) {
        if (context.segmentation === 'whole' || negotiated.stage === undefined) {
          return skipped(clause, 'ERROR', negotiated.reason);
        }
        if (negotiated.stage === 'method selection') {
          return negotiationNotReached(context.segmentation, negotiated.stage, negotiated.reason);
        }
        return {
          clause,
          verdict: 'FAIL',
          expected: [
            {
              verdict: 'PASS',
              when: 'the sub-negotiation succeeds whatever the segmentation of the client octets',
            },
            {
              verdict: 'FAIL',
              when: `the sub-negotiation fails when the client writes ${context.segmentation}`,
            },
          ],
          matched: 1,
          observed: negotiated.reason,
        };
      }
      const reply = await readReply(context, probe, request);
      return verify(clause, reply, describeReplyRead, [
        outcome('PASS', 'REP 00: the request is served after STATUS 00', (r) =>
          isReply(r, (v) => v.reply === 0x00),
        ),
        // The login was accepted and the request answered: a refusal its ruleset gives is no failure to log in.
        ...definedRefusalOutcomes,
      ]);
    },
  },
  {
    id: 'socks5/auth/wrong-password-refused',
    clauses: ['rfc1929/2-verify'],
    role: 'server',
    versions: ['5'],
    title: 'A wrong password gets a STATUS other than 00',
    requirement: 'The server verifies UNAME and PASSWD and answers failure when they do not match.',
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-verify', 'wrong');
      if ('check' in exchange) return exchange.check;
      return verify('rfc1929/2-verify', exchange.response, describeResponse, [
        outcome('FAIL', 'STATUS 00 for a wrong password', isSuccess),
        outcome('PASS', 'STATUS other than 00', isFailure),
      ]);
    },
  },
  {
    id: 'socks5/auth/failure-response-format',
    clauses: ['rfc1929/2-resp', 'rfc1929/2-ver'],
    role: 'server',
    versions: ['5'],
    title: 'A failed login gets the 2-octet response VER 01, STATUS not 00, and nothing after it',
    requirement:
      "The response is VER X'01' and STATUS, two octets, on failure as on success; nothing follows it before " +
      'the close (a server that echoes the request back sends the password to whoever reads the answer).',
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-resp', 'wrong');
      if ('check' in exchange) return exchange.check;
      if (!isFailure(exchange.response)) {
        return skipped(
          'rfc1929/2-resp',
          'SKIP',
          `no failure STATUS to judge (${describeResponse(exchange.response)}); wrong-password-refused judges that`,
        );
      }
      const version = verify('rfc1929/2-ver', exchange.response, describeResponse, [
        outcome('PASS', 'VER 01, STATUS other than 00', isWellFormedFailure),
        wrongVersion,
      ]);
      const after = await exchange.probe.expectSilence(context.ms(200));
      return [
        version,
        verify('rfc1929/2-resp', after, describeSilence, [
          outcome(
            'PASS',
            'nothing after the 2-octet response: the connection closed',
            (s) => s.kind === 'closed',
          ),
          outcome('PASS', 'nothing after the 2-octet response within 200 ms', (s) => s.kind === 'silence'),
          outcome(
            'FAIL',
            'octets after the 2-octet response (the request echoed back, or other octets)',
            (s) => s.kind === 'data',
          ),
        ]),
      ];
    },
  },
  {
    id: 'socks5/auth/failure-closes',
    clauses: ['rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'After a failure STATUS the server closes the connection within 10 s',
    requirement: "If the server returns a failure (STATUS not X'00') it MUST close the connection.",
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-fail-close', 'wrong');
      if ('check' in exchange) return exchange.check;
      if (!isFailure(exchange.response)) {
        return skipped(
          'rfc1929/2-fail-close',
          'SKIP',
          `no failure STATUS to follow (${describeResponse(exchange.response)})`,
        );
      }
      return closesAfterFailure(context, exchange);
    },
  },
  {
    id: 'socks5/auth/no-request-after-failure',
    clauses: ['rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'A request sent after failed authentication is never served',
    requirement:
      'After a failure STATUS the connection ends; a CONNECT request that follows is not processed.',
    run: async (context) => {
      const { host, port } = context.echo.tcpEcho4;
      const request = encodeRequest(Command.CONNECT, ipv4(host), port);
      const exchange = await authenticate(context, 'rfc1929/2-fail-close', 'wrong', request);
      if ('check' in exchange) return exchange.check;
      if (!isFailure(exchange.response)) {
        return skipped(
          'rfc1929/2-fail-close',
          'SKIP',
          `no failure STATUS (${describeResponse(exchange.response)})`,
        );
      }
      const reply = await exchange.probe.read(decodeReply, context.ms(2000));
      return verify('rfc1929/2-fail-close', reply, (r) => describeRead(r, describeReply), [
        outcome(
          'FAIL',
          'serves the request (REP 00) after failed authentication',
          (r) => r.kind === 'decoded' && r.value.reply === 0,
        ),
        outcome('PASS', 'closes without serving the request', (r) => r.kind === 'closed'),
        outcome('PASS', 'does not answer the request', (r) => r.kind === 'timeout'),
        outcome('PASS', 'refuses the request', (r) => r.kind === 'decoded' && r.value.reply !== 0),
        outcome(
          'PASS',
          'sends octets that are no SOCKS5 reply: the request is not served',
          (r) => r.kind === 'malformed' || r.kind === 'overflow',
        ),
      ]);
    },
  },
  {
    id: 'socks5/auth/interleaved-requests',
    clauses: ['rfc1929/2-verify', 'rfc1929/2-resp', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'RFC 1929 requests of three connections arriving in interleaved pieces each get their own STATUS',
    requirement:
      "The server verifies each connection's own UNAME and PASSWD: with the requests of three connections " +
      'arriving in interleaved pieces, the right credentials get STATUS 00 and a wrong password a failure STATUS ' +
      '(then the close), each on its own connection, and the server goes on serving (npm socksv5 0.0.6 keeps ' +
      'UNAME and PASSWD per server, and its process dies of it).',
    run: interleavedRequests,
  },
  {
    id: 'socks5/auth/request-version-5',
    clauses: ['rfc1929/2-ver', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'Valid credentials sent with VER 05 are refused or tolerated, and answered with VER 01',
    requirement:
      "The sub-negotiation VER is X'01'. A server may refuse a request with VER X'05' (failure STATUS and close, or a close) or tolerate it, but its own response carries VER X'01'.",
    run: async (context) => {
      const clause = 'rfc1929/2-ver';
      if (!context.credentials) return skipped(clause, 'SKIP', 'no credentials given (--user/--password)');
      const refused = loginRefused(context, clause);
      if (refused) return refused;
      const { username, password } = context.credentials;
      const exchange = await subnegotiate(
        context,
        clause,
        encodeAuthRequest(username, password, { version: 5 }),
      );
      if ('check' in exchange) return exchange.check;
      const answer = verify(clause, exchange.response, describeResponse, [
        wrongVersion,
        outcome('PASS', 'refuses it: VER 01 with a failure STATUS', isWellFormedFailure),
        outcome(
          'PASS',
          "closes without a response (VER X'05' is no RFC 1929 request)",
          (r) => r.kind === 'closed',
        ),
        outcome('INFO', 'accepts it: VER 01, STATUS 00 (a lenient receiver)', isSuccess),
        outcome('INFO', 'waits without answering', (r) => r.kind === 'timeout'),
      ]);
      if (!isFailure(exchange.response)) return answer;
      return [answer, await closesAfterFailure(context, exchange)];
    },
  },
  {
    id: 'socks5/auth/longest-fields-refused',
    clauses: ['rfc1929/2-ulen', 'rfc1929/2-plen', 'rfc1929/2-verify', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'Unknown credentials of 255 octets each get a well-formed failure STATUS, then the close',
    requirement:
      'UNAME and PASSWD may each be 255 octets; the server parses the longest fields and answers unknown ones with a failure STATUS.',
    run: (context) =>
      refusesUnknownCredentials(
        context,
        'rfc1929/2-ulen',
        unlikelyName(255, context.credentials?.username),
        'p'.repeat(255),
      ),
  },
  {
    id: 'socks5/auth/shortest-fields-refused',
    clauses: ['rfc1929/2-ulen', 'rfc1929/2-plen', 'rfc1929/2-verify', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'Unknown credentials of 1 octet each get a well-formed failure STATUS, then the close',
    requirement:
      'UNAME and PASSWD may each be a single octet; the server parses the shortest fields and answers unknown ones with a failure STATUS.',
    run: (context) =>
      refusesUnknownCredentials(
        context,
        'rfc1929/2-ulen',
        unlikelyName(1, context.credentials?.username),
        '~',
      ),
  },
  {
    id: 'socks5/auth/empty-username',
    clauses: ['rfc1929/2-ulen', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'A request with ULEN 0 is refused or tolerated, and the target keeps answering',
    requirement:
      'UNAME is 1 to 255 octets; a request with an empty one gets a failure STATUS and the close, or a close (a lenient accept is recorded), and never brings the server down.',
    run: async (context) => {
      const clause = 'rfc1929/2-ulen';
      const password = context.credentials?.password ?? 'socks-conformance';
      const exchange = await subnegotiate(context, clause, encodeAuthRequest('', password));
      if ('check' in exchange) return exchange.check;
      const checks = [verify(clause, exchange.response, describeResponse, emptyFieldOutcomes('UNAME'))];
      if (isFailure(exchange.response)) checks.push(await closesAfterFailure(context, exchange));
      checks.push(await verifyStillAnswers(context, clause, 'a request with ULEN 0'));
      return checks;
    },
  },
  {
    id: 'socks5/auth/empty-password',
    clauses: ['rfc1929/2-plen', 'rfc1929/2-verify', 'rfc1929/2-fail-close'],
    role: 'server',
    versions: ['5'],
    title: 'A request with PLEN 0 never opens an account, and the target keeps answering',
    requirement:
      'PASSWD is 1 to 255 octets; an empty one never matches an account whose password is not empty. It gets a failure STATUS and the close, or a close, and never brings the server down.',
    run: async (context) => {
      const clause = 'rfc1929/2-plen';
      const known = context.credentials !== undefined && context.credentials.password.length > 0;
      const username = context.credentials?.username ?? 'socks-conformance';
      const exchange = await subnegotiate(context, clause, encodeAuthRequest(username, ''));
      if ('check' in exchange) return exchange.check;
      const { response } = exchange;
      const checks = [
        verify('rfc1929/2-verify', response, describeResponse, [
          outcome(
            known ? 'FAIL' : 'INFO',
            known
              ? `STATUS 00: an empty PASSWD opens the account ${JSON.stringify(username)}`
              : 'STATUS 00 for an empty PASSWD (the harness knows no account to tell whether it is one)',
            isSuccess,
          ),
          outcome('PASS', 'does not let the client in with an empty PASSWD', () => true),
        ]),
        verify(clause, response, describeResponse, emptyFieldOutcomes('PASSWD')),
      ];
      if (isFailure(response)) checks.push(await closesAfterFailure(context, exchange));
      checks.push(await verifyStillAnswers(context, clause, 'a request with PLEN 0'));
      return checks;
    },
  },
  {
    id: 'socks5/auth/request-in-place-of-credentials',
    clauses: ['rfc1929/2-verify', 'rfc1929/2-fail-close', CLOSE_CLAUSE],
    role: 'server',
    versions: ['5'],
    title: 'After selecting USERNAME/PASSWORD, a CONNECT request sent instead of credentials is not served',
    requirement:
      'A client cannot skip the selected method: octets 05 01 00 01 … read as an RFC 1929 request are VER 05, ULEN 1, UNAME 00, PLEN 1, PASSWD 7F; they are refused (failure STATUS or REP, then the close), closed on, or left unanswered, never served.',
    run: async (context) => {
      const clause = 'rfc1929/2-verify';
      const selected = await selectUsernamePassword(context, clause);
      if ('check' in selected) return selected.check;
      const { probe } = selected;
      const { host, port } = context.echo.tcpEcho4;
      await probe.send(encodeRequest(Command.CONNECT, ipv4(host), port));
      const first = await probe.readBytes(2, context.ms(3000));
      const rest =
        first.kind === 'decoded' && first.bytes[0] === 0x05
          ? await probe.readBytes(8, context.ms(500))
          : undefined;
      const answer: InPlaceAnswer = { first, rest };
      const served = verify(clause, answer, describeInPlace, [
        outcome('FAIL', 'answers 05 00: serves the request (REP 00) without the sub-negotiation', (a) =>
          startsWith(a, 0x05, (code) => code === 0x00),
        ),
        outcome('FAIL', 'STATUS 00: takes the request octets for valid credentials', (a) =>
          startsWith(a, 0x01, (code) => code === 0x00),
        ),
        outcome('PASS', 'refuses them with a failure STATUS', (a) =>
          startsWith(a, 0x01, (code) => code !== 0x00),
        ),
        outcome('PASS', 'refuses them with a failure code after VER 05 (not served)', (a) =>
          startsWith(a, 0x05, (code) => code !== 0x00),
        ),
        outcome('PASS', 'closes without serving the request', (a) => a.first.kind === 'closed'),
        outcome('PASS', 'does not answer (the request is not served)', (a) => a.first.kind === 'timeout'),
      ]);
      if (first.kind !== 'decoded' || served.verdict !== 'PASS') return served;
      const fullReply = rest?.kind === 'decoded';
      const refusal = fullReply ? 'the failure reply' : 'the failure STATUS';
      const closeClause = fullReply ? CLOSE_CLAUSE : 'rfc1929/2-fail-close';
      return [served, await verifyClosesAfterFailure(context, probe, first.at, refusal, closeClause)];
    },
  },
  {
    id: 'socks5/auth/no-downgrade-to-no-auth',
    clauses: ['rfc1928/3-select-offered'],
    role: 'server',
    versions: ['5'],
    title:
      'A client offering USERNAME/PASSWORD is not let in by NO-AUTH unless the server accepts NO-AUTH alone',
    requirement:
      "Offered only USERNAME/PASSWORD, the server selects it or X'FF', never NO-AUTH. Offered both, it may select NO-AUTH only if it accepts NO-AUTH at all: a server that refuses NO-AUTH offered alone but selects it beside USERNAME/PASSWORD lets clients in without credentials.",
    run: async (context) => {
      const clause = 'rfc1928/3-select-offered';
      const offer = async (methods: number[]) => {
        const probe = await context.connect();
        await probe.send(encodeGreeting(methods));
        return probe.read(decodeMethodSelection, context.ms(3000));
      };
      const alone = verify(clause, await offer([Method.USERNAME_PASSWORD]), describeSelectionRead, [
        outcome('FAIL', 'selects NO-AUTH, which the client did not offer (a downgrade)', (r) =>
          isSelection(r, (s) => s.method === Method.NO_AUTH),
        ),
        outcome('PASS', 'selects USERNAME/PASSWORD', (r) =>
          isSelection(r, (s) => s.method === Method.USERNAME_PASSWORD),
        ),
        outcome('PASS', "answers X'FF'", (r) => isSelection(r, (s) => s.method === Method.NO_ACCEPTABLE)),
        outcome(
          'PASS',
          "closes (no downgrade; a missing X'FF' is judged by socks5/method/no-acceptable-ff)",
          (r) => r.kind === 'closed',
        ),
        outcome('INFO', 'does not answer (no downgrade)', (r) => r.kind === 'timeout'),
      ]);
      const { acceptedMethods } = context.capabilities;
      if (!acceptedMethods.includes(Method.USERNAME_PASSWORD)) return alone;
      const noAuthAlone = acceptedMethods.includes(Method.NO_AUTH);
      const both = verify(
        clause,
        await offer([Method.NO_AUTH, Method.USERNAME_PASSWORD]),
        describeSelectionRead,
        [
          outcome(
            noAuthAlone ? 'PASS' : 'FAIL',
            noAuthAlone
              ? 'selects NO-AUTH, which it also selects offered alone (no authentication required)'
              : 'selects NO-AUTH, which it does not select offered alone: a client offering both gets in without credentials',
            (r) => isSelection(r, (s) => s.method === Method.NO_AUTH),
          ),
          outcome('PASS', 'selects USERNAME/PASSWORD', (r) =>
            isSelection(r, (s) => s.method === Method.USERNAME_PASSWORD),
          ),
          outcome(
            'FAIL',
            "answers X'FF' or closes, though it selects USERNAME/PASSWORD offered alone",
            (r) => isSelection(r, (s) => s.method === Method.NO_ACCEPTABLE) || r.kind === 'closed',
          ),
        ],
      );
      return [alone, both];
    },
  },
]);
