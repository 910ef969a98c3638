import { defineClientCases } from '../../../harness/runner/client-case.js';
import { outcome, verify } from '../../../harness/runner/outcome.js';
import { Command } from '../../../harness/wire/constants.js';
import { checkUsedConnection } from '../client-checks.js';
import { describeRun, find, firstSession, inWindow } from '../client-observations.js';
import { socks5 } from '../scripts.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export default defineClientCases('RFC 1928 §4–§5 (client)', 'suites/client/socks5/rfc1928-4-requests.ts', [
  {
    id: 'client/socks5/request/format',
    clauses: ['rfc1928/4-req-format', 'rfc1928/4-rsv', 'rfc1928/4-cmd', 'rfc1928/5-fqdn-literal'],
    level: 'FMT',
    versions: ['5'],
    title: 'The CONNECT request is VER 05, CMD 01, RSV 00, the destination, and DST.PORT in network order',
    requirement:
      "The request is VER X'05', CMD X'01' (CONNECT), RSV X'00', ATYP with DST.ADDR, and DST.PORT in network " +
      'octet order; after REP 00 the client passes its data.',
    script: socks5(),
    verdict: (run) => {
      const request = find(firstSession(run), 'request')?.value;
      const port = Number(run.placeholders.port);
      return [
        verify('rfc1928/4-req-format', run, describeRun, [
          outcome('FAIL', 'no whole request arrived', () => request === undefined),
          outcome('FAIL', 'VER is not 5', () => request?.version !== 5),
          outcome('FAIL', `DST.PORT is not ${port} in network order`, () => request?.port !== port),
          outcome('PASS', `VER 5 and DST.PORT ${port} (network order)`, () => true),
        ]),
        verify('rfc1928/4-cmd', run, describeRun, [
          outcome('PASS', "CMD X'01' (CONNECT)", () => request?.command === Command.CONNECT),
          outcome('FAIL', 'CMD is not CONNECT for a plain fetch', () => request !== undefined),
          outcome('SKIP', 'no request', () => true),
        ]),
        verify('rfc1928/4-rsv', run, describeRun, [
          outcome('PASS', "RSV X'00'", () => request?.reserved === 0),
          outcome('FAIL', "RSV is not X'00'", () => request !== undefined),
          outcome('SKIP', 'no request', () => true),
        ]),
        verify('rfc1928/5-fqdn-literal', run, describeRun, [
          outcome(
            'PASS',
            'the IP literal went as ATYP 01 (or 04)',
            () =>
              request !== undefined &&
              request.address.type !== 'domain' &&
              LOOPBACK.has(request.address.host),
          ),
          outcome(
            'INFO',
            'the IP literal went as a domain name (ATYP 03)',
            () => request?.address.type === 'domain',
          ),
          outcome('FAIL', `DST.ADDR is not ${run.placeholders.host}`, () => request !== undefined),
          outcome('SKIP', 'no request', () => true),
        ]),
        checkUsedConnection('rfc1928/4-req-format', run),
      ];
    },
  },
  {
    id: 'client/socks5/request/name-destination',
    clauses: ['rfc1928/5-atyp-domain'],
    level: 'FMT',
    versions: ['5'],
    title:
      'A name destination goes as ATYP 03, length, name without NUL (socks5h); a local lookup is a DNS leak',
    requirement:
      "A client that leaves name resolution to the proxy sends ATYP X'03', one length octet and the name " +
      "without a terminating NUL. Resolving the name itself (plain socks5) is the user's choice: recorded, not scored.",
    destination: 'name',
    script: socks5(),
    verdict: (run) => {
      const request = find(firstSession(run), 'request')?.value;
      return [
        verify('rfc1928/5-atyp-domain', run, describeRun, [
          outcome(
            'PASS',
            'ATYP 03 with the name "localhost" (resolved by the proxy)',
            () => request?.address.type === 'domain' && request.address.host === 'localhost',
          ),
          outcome(
            'FAIL',
            'ATYP 03 with another name (a NUL or the length counted wrong?)',
            () => request?.address.type === 'domain',
          ),
          outcome(
            'INFO',
            'the client resolved the name itself and sent an address (a DNS leak unless plain socks5 was chosen)',
            () => request !== undefined && LOOPBACK.has(request.address.host),
          ),
          outcome('FAIL', 'no request naming the destination', () => true),
        ]),
        checkUsedConnection('rfc1928/5-atyp-domain', run),
      ];
    },
  },
  {
    id: 'client/socks5/request/no-data-before-reply',
    clauses: ['rfc1928/6-success-data'],
    level: 'MAY',
    versions: ['5'],
    title: 'The client waits for the reply before sending application data',
    requirement:
      "RFC 1928 §6 only grants a permission: after REP X'00' to CONNECT or BIND \"the client may now start " +
      'passing data". No sentence of RFC 1928 (or RFC 1929) forbids data sent before the reply, so optimistic ' +
      'data is recorded as INFO, never scored; it relies on the server buffering it, which the spec does not ' +
      'promise either.',
    // INFO by design, not for want of a broken client: the spec has nothing here that a client could violate.
    script: socks5({ replyDelayMs: 500 }),
    verdict: (run) => [
      verify('rfc1928/6-success-data', run, describeRun, [
        outcome(
          'INFO',
          'sent application data before the reply (optimistic data)',
          (r) => inWindow(firstSession(r), 'before-reply').data !== undefined,
        ),
        outcome('PASS', 'sent nothing until the reply arrived', () => true),
      ]),
      checkUsedConnection('rfc1928/6-success-data', run),
    ],
  },
]);
