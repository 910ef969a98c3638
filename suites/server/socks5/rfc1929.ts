/**
 * RFC 1929, username/password authentication for SOCKS V5: after the server selects X'02', the client sends
 * VER X'01', ULEN, UNAME, PLEN, PASSWD; the server answers VER X'01', STATUS, and closes on any STATUS but X'00'.
 */
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import type { CaseContext } from '../../../harness/runner/case.js';
import { defineCases } from '../../../harness/runner/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/runner/outcome.js';
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
import { describeRead, describeSilence } from '../observations.js';

type Credentials = { username: string; password: string };

/** Credentials the target should reject: the given username with a password it cannot be. */
function wrongPassword(credentials: Credentials): Credentials {
  return { username: credentials.username, password: `${credentials.password}-wrong` };
}

type Exchange = { check: Check } | { probe: TcpProbe; response: ReadResult<AuthResponse> };

/**
 * Negotiates X'02' and sends the RFC 1929 request (plus `after`, coalesced) with the configured credentials, or
 * the same username with a wrong password. A check instead when the case cannot apply to this target.
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
  const credentials = which === 'right' ? context.credentials : wrongPassword(context.credentials);
  const probe = await context.connect();
  await probe.send(encodeGreeting([Method.USERNAME_PASSWORD]));
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  if (selection.kind !== 'decoded' || selection.value.method !== Method.USERNAME_PASSWORD) {
    return { check: skipped(clause, 'ERROR', 'USERNAME/PASSWORD was not selected this time') };
  }
  await probe.send(Buffer.concat([encodeAuthRequest(credentials.username, credentials.password), after]));
  const response = await probe.read(decodeAuthResponse, context.ms(3000));
  return { probe, response };
}

const describeResponse = (r: Parameters<typeof describeRead<AuthResponse>>[0]) =>
  describeRead(r, describeAuthResponse);
const isResponse = (r: { kind: string; value?: AuthResponse }, test: (v: AuthResponse) => boolean) =>
  r.kind === 'decoded' && r.value !== undefined && test(r.value);

export const usernamePassword = defineCases('RFC 1929', 'suites/server/socks5/rfc1929.ts', [
  {
    id: 'socks5/auth/success-response',
    clauses: ['rfc1929/2-ver', 'rfc1929/2-resp'],
    level: 'FMT',
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
        outcome('FAIL', 'VER other than 01 (the SOCKS version instead of the sub-negotiation version)', (r) =>
          isResponse(r, (v) => v.version !== 0x01),
        ),
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
    id: 'socks5/auth/wrong-password-refused',
    clauses: ['rfc1929/2-verify'],
    level: 'DESC',
    role: 'server',
    versions: ['5'],
    title: 'A wrong password gets a STATUS other than 00',
    requirement: 'The server verifies UNAME and PASSWD and answers failure when they do not match.',
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-verify', 'wrong');
      if ('check' in exchange) return exchange.check;
      return verify('rfc1929/2-verify', exchange.response, describeResponse, [
        outcome('FAIL', 'STATUS 00 for a wrong password', (r) => isResponse(r, (v) => v.status === 0)),
        outcome('PASS', 'STATUS other than 00', (r) => isResponse(r, (v) => v.status !== 0)),
      ]);
    },
  },
  {
    id: 'socks5/auth/failure-closes',
    clauses: ['rfc1929/2-fail-close'],
    level: 'MUST',
    role: 'server',
    versions: ['5'],
    title: 'After a failure STATUS the server closes the connection',
    requirement: "If the server returns a failure (STATUS not X'00') it MUST close the connection.",
    run: async (context) => {
      const exchange = await authenticate(context, 'rfc1929/2-fail-close', 'wrong');
      if ('check' in exchange) return exchange.check;
      const { response, probe } = exchange;
      if (!isResponse(response, (v) => v.status !== 0)) {
        return skipped(
          'rfc1929/2-fail-close',
          'SKIP',
          `no failure STATUS to follow (${describeResponse(response)})`,
        );
      }
      const since = response.kind === 'decoded' ? response.at : undefined;
      const closed = await probe.awaitClose(context.ms(10_000), since);
      return verify(
        'rfc1929/2-fail-close',
        closed,
        (c) =>
          c.kind === 'closed'
            ? `closed (${c.how}) ${Math.round(c.afterMs)} ms after the failure STATUS`
            : `still open ${Math.round(c.waitedMs)} ms after the failure STATUS`,
        [
          outcome('PASS', 'closes within 10 s of the failure STATUS', (c) => c.kind === 'closed'),
          outcome('FAIL', 'leaves the connection open', (c) => c.kind === 'open'),
        ],
        closed.kind === 'closed' ? { closeDelayMs: Math.round(closed.afterMs) } : undefined,
      );
    },
  },
  {
    id: 'socks5/auth/no-request-after-failure',
    clauses: ['rfc1929/2-fail-close'],
    level: 'MUST',
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
      if (!isResponse(exchange.response, (v) => v.status !== 0)) {
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
      ]);
    },
  },
]);
