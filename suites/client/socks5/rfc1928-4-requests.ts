import { domainToASCII } from 'node:url';
import type { ClientRun } from '../../../harness/model/client-case.js';
import { type Check, type Outcome, outcome, verify } from '../../../harness/model/outcome.js';
import { formatHex } from '../../../harness/net/hexdump.js';
import { Command } from '../../../harness/wire/constants.js';
import type { Request } from '../../../harness/wire/socks5-request.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import {
  checkReportsFailure,
  checkUsedConnection,
  silentRefusal,
  unjudgedRefusal,
} from '../client-checks.js';
import { describeRun, find, firstSession, inWindow } from '../client-observations.js';
import { socks5 } from '../scripts.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The last outcomes of a case whose destination is a name: the client resolved it itself, or sent no request. */
function resolvedLocallyOrMissing(request: Request | undefined): Outcome<ClientRun>[] {
  return [
    outcome(
      'INFO',
      'the client resolved the name itself and sent an address (a DNS leak unless plain socks5 was chosen)',
      () => request !== undefined && LOOPBACK.has(request.address.host),
    ),
    outcome('FAIL', 'no request naming the destination', () => true),
  ];
}

/**
 * A client asked for a name SOCKS5 cannot carry that sent nothing at all (it never connected, or closed at
 * once): refusing is right for a SOCKS5 client if it reports the failure, but nothing on the wire says which
 * version it would have spoken, so only one declared to speak SOCKS5 is judged.
 */
function refusedUnheard(run: ClientRun): Check | Check[] {
  const clause = 'rfc1928/5-atyp-domain';
  const unjudged = unjudgedRefusal(run, clause, ['5'], '--socks-version 5');
  if (unjudged) return unjudged;
  const what = silentRefusal(run);
  return [
    verify(clause, run, describeRun, [outcome('PASS', `refused the name: ${what}`, () => true)]),
    checkReportsFailure(clause, run, 'refusing the name'),
  ];
}

/** A name's octets in one encoding, as the wire decoder holds them (one latin1 character per octet). */
const octetsOf = (name: string, encoding: BufferEncoding) => Buffer.from(name, encoding).toString('latin1');

/** The request's name, shown as its octets read as UTF-8 (what a server that resolves it would look up). */
const shown = (octets: string) => JSON.stringify(Buffer.from(octets, 'latin1').toString('utf8'));

export default defineSuiteClientCases(
  'RFC 1928 §4–§5 (client)',
  'suites/client/socks5/rfc1928-4-requests.ts',
  [
    {
      id: 'client/socks5/request/format',
      clauses: ['rfc1928/4-req-format', 'rfc1928/4-rsv', 'rfc1928/4-cmd', 'rfc1928/5-fqdn-literal'],
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
            ...resolvedLocallyOrMissing(request),
          ]),
          checkUsedConnection('rfc1928/5-atyp-domain', run),
        ];
      },
    },
    {
      id: 'client/socks5/request/name-non-ascii',
      clauses: ['rfc1928/5-atyp-domain'],
      versions: ['5'],
      title: 'A name that is not ASCII goes as ATYP 03 with LEN counting the octets sent',
      requirement:
        "ATYP X'03' is one octet counting the octets of the name that follow. The spec names no encoding for a " +
        'name that is not ASCII (here bücher.localhost): LEN must count the octets sent, whatever they are. The ' +
        "name's UTF-8 octets or its IDNA A-label (xn--bcher-kva.localhost) are what a server can resolve; a LEN " +
        'counting characters or UTF-16 code units makes the server read a shorter name, a wrong port, and the ' +
        "rest as data. Resolving the name itself is the user's choice (plain socks5): recorded, not scored.",
      destination: 'non-ascii-name',
      script: socks5(),
      verdict: (run) => {
        const request = find(firstSession(run), 'request')?.value;
        const { host } = run.placeholders;
        const port = Number(run.placeholders.port);
        const utf8 = octetsOf(host, 'utf8');
        const sent = request?.address.type === 'domain' ? request.address.host : undefined;
        const portRight = request?.port === port;
        return [
          verify('rfc1928/5-atyp-domain', run, describeRun, [
            outcome(
              'PASS',
              `ATYP 03 with the name's ${utf8.length} UTF-8 octets, LEN ${utf8.length}`,
              () => sent === utf8 && portRight,
            ),
            outcome(
              'PASS',
              `ATYP 03 with the name's A-label ${domainToASCII(host)}`,
              () => sent === domainToASCII(host) && portRight,
            ),
            outcome(
              'FAIL',
              `LEN ${host.length} counts the name's UTF-16 code units, not its ${utf8.length} octets: the proxy reads ` +
                `the name ${shown(utf8.slice(0, host.length))}, port ${request?.port}, and takes the rest for data`,
              () => sent === utf8.slice(0, host.length),
            ),
            outcome(
              'INFO',
              'ATYP 03 with the name in another encoding (Latin-1), LEN counting its octets: the spec names none',
              () => sent === octetsOf(host, 'latin1') && portRight,
            ),
            outcome(
              'FAIL',
              `ATYP 03 with another name (${sent === undefined ? '' : shown(sent)}, port ${request?.port}): LEN does not count the octets sent`,
              () => sent !== undefined,
            ),
            ...resolvedLocallyOrMissing(request),
          ]),
          checkUsedConnection('rfc1928/5-atyp-domain', run),
        ];
      },
    },
    {
      id: 'client/socks5/request/name-over-255',
      clauses: ['rfc1928/5-atyp-domain'],
      versions: ['5'],
      title:
        'A name longer than 255 octets is refused or resolved locally, never sent with a LEN that wrapped',
      requirement:
        "ATYP X'03' counts the name in one octet, so a name of 256 octets or more (here 265, four 63-octet labels " +
        'under .localhost) cannot go to the proxy: the client refuses it and reports the failure, or resolves it ' +
        'itself and sends the address. LEN = length mod 256, or the name cut to 255 octets, makes the server read ' +
        'another name and take the rest for data (curl CVE-2023-38545 came from this limit).',
      destination: 'long-name',
      script: socks5(),
      unconnected: (run) => refusedUnheard(run),
      verdict: (run) => {
        const events = firstSession(run);
        if (!find(events, 'first-octet')) return refusedUnheard(run);
        const request = find(events, 'request');
        const octets = Buffer.byteLength(run.placeholders.host);
        const length = request?.value.address.type === 'domain' ? request.bytes[4]! : undefined;
        const asUtf8 = Buffer.from(String.fromCodePoint(octets), 'utf8');
        const how =
          length === octets % 256
            ? `its length mod 256 (${octets} octets)`
            : length === 255
              ? `the name cut to 255 of its ${octets} octets`
              : request?.bytes.subarray(4, 4 + asUtf8.length).equals(asUtf8)
                ? `the first of the octets ${formatHex(asUtf8)} that encode ${octets} in UTF-8`
                : `not the name's ${octets} octets`;
        const unreadable = events.find(
          (e) => e.type === 'incomplete' && e.phase === 'request' && e.bytes.length > 0,
        );
        const name = verify('rfc1928/5-atyp-domain', run, describeRun, [
          outcome('FAIL', `sent the name with LEN ${length}: ${how}`, () => length !== undefined),
          outcome('FAIL', 'sent a request the proxy could not read', () => unreadable !== undefined),
          outcome(
            'PASS',
            'resolved the name itself and sent the address',
            () => request !== undefined && LOOPBACK.has(request.value.address.host),
          ),
          outcome('FAIL', 'sent a request naming another destination', () => request !== undefined),
          outcome('PASS', `refused the ${octets}-octet name: sent no request`, () => true),
        ]);
        if (name.verdict === 'FAIL') return name;
        return request
          ? [name, checkUsedConnection('rfc1928/5-atyp-domain', run)]
          : [name, checkReportsFailure('rfc1928/5-atyp-domain', run, `refusing the ${octets}-octet name`)];
      },
    },
    {
      id: 'client/socks5/request/no-data-before-reply',
      clauses: ['rfc1928/6-success-data'],
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
  ],
);
