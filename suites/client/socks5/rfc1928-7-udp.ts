import type { ClientRun } from '../../../harness/model/client-case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { Command } from '../../../harness/wire/constants.js';
import { decodeUdpDatagram } from '../../../harness/wire/udp-header.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import { checkUsedConnection, unseenInInteractive } from '../client-checks.js';
import { describeRun, exitedZero, find, firstSession } from '../client-observations.js';
import { socks5 } from '../scripts.js';

const ZERO_HOSTS = new Set(['0.0.0.0', '::']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A UDP case applies to a client that sent UDP ASSOCIATE; a CONNECT-only client (curl…) makes it SKIP. */
function notUdp(run: ClientRun, clause: string): Check[] | undefined {
  const request = find(firstSession(run), 'request')?.value;
  if (request?.command === Command.UDP_ASSOCIATE) return undefined;
  const what = request ? `CMD X'0${request.command.toString(16)}'` : 'no request';
  return [skipped(clause, 'SKIP', `not applicable: the client made no UDP ASSOCIATE request (${what})`)];
}

function datagrams(run: ClientRun, at?: 'bnd' | 'tcp-endpoint' | 'bnd-port-at-tcp-host') {
  return firstSession(run).filter(
    (e): e is Extract<typeof e, { type: 'udp-datagram' }> =>
      e.type === 'udp-datagram' && (at === undefined || e.at === at),
  );
}

export default defineSuiteClientCases(
  'RFC 1928 §6–§7 UDP (client)',
  'suites/client/socks5/rfc1928-7-udp.ts',
  [
    {
      id: 'client/socks5/udp/associate-dst',
      clauses: ['rfc1928/6-udp-zero'],
      versions: ['5'],
      title:
        'UDP ASSOCIATE names the address and port the client will send from, or all zeros, not the destination',
      requirement:
        'DST.ADDR and DST.PORT of UDP ASSOCIATE are the address and port the client expects to send datagrams ' +
        'from; a client that does not know them yet MUST send all zeros. The destination does not go there.',
      script: socks5({ udp: {} }),
      verdict: (run) => {
        const clause = 'rfc1928/6-udp-zero';
        const request = find(firstSession(run), 'request')?.value;
        const from = datagrams(run)[0]?.from;
        const [fromHost, fromPort] = from
          ? [from.slice(0, from.lastIndexOf(':')), Number(from.slice(from.lastIndexOf(':') + 1))]
          : [];
        const zeroHost = request !== undefined && ZERO_HOSTS.has(request.address.host);
        return (
          notUdp(run, clause) ??
          verify(clause, run, describeRun, [
            outcome('PASS', 'DST is all zeros', () => zeroHost && request?.port === 0),
            outcome(
              'FAIL',
              `DST names the destination ${run.placeholders.host}:${run.placeholders.port}`,
              () =>
                request !== undefined &&
                request.port === Number(run.placeholders.port) &&
                (request.address.host === run.placeholders.host || LOOPBACK.has(request.address.host)) &&
                fromPort !== request.port,
            ),
            outcome(
              'PASS',
              'DST names the address and port its datagrams came from (a zero part leaves it open)',
              () =>
                request !== undefined &&
                from !== undefined &&
                (zeroHost || request.address.host === fromHost) &&
                (request.port === 0 || request.port === fromPort),
            ),
            outcome(
              'FAIL',
              `DST.ADDR is a domain name (ATYP 03) ${JSON.stringify(request?.address.host)}, not an all-zero address`,
              () => request?.address.type === 'domain',
            ),
            outcome(
              'INFO',
              "DST is not zeros, and no datagram arrived to compare it with the client's own address",
              () => from === undefined,
            ),
            outcome(
              'FAIL',
              'DST is neither all zeros nor the address and port its datagrams came from',
              () => true,
            ),
          ])
        );
      },
    },
    {
      id: 'client/socks5/udp/sends-to-bnd',
      clauses: ['rfc1928/6-udp-bnd', 'rfc1928/7-send-bndport', 'rfc1928/7-reply-header'],
      versions: ['5'],
      title:
        "Datagrams go to BND.ADDR:BND.PORT of the reply, an address and port other than the TCP connection's",
      requirement:
        'The client MUST send its UDP datagrams to BND.ADDR and BND.PORT of the UDP ASSOCIATE reply; here BND is ' +
        '127.0.0.2 on a port of its own, while the TCP connection went to 127.0.0.1. It reads the answer datagram ' +
        'behind its header.',
      script: socks5({ udp: { host: '127.0.0.2' } }),
      verdict: (run) => {
        const clause = 'rfc1928/6-udp-bnd';
        return (
          notUdp(run, clause) ?? [
            verify(clause, run, describeRun, [
              outcome('PASS', 'its datagrams reached BND', (r) => datagrams(r, 'bnd').length > 0),
              outcome(
                'FAIL',
                "sent its datagrams to the proxy's TCP address and port instead of BND",
                (r) => datagrams(r, 'tcp-endpoint').length > 0,
              ),
              outcome(
                'FAIL',
                "sent its datagrams to BND.PORT at the proxy's TCP address instead of BND.ADDR",
                (r) => datagrams(r, 'bnd-port-at-tcp-host').length > 0,
              ),
              outcome('FAIL', 'no datagram reached BND', () => true),
            ]),
            checkUsedConnection('rfc1928/7-reply-header', run, 'the UDP association'),
          ]
        );
      },
    },
    {
      id: 'client/socks5/udp/datagram-header',
      clauses: ['rfc1928/7-udp-header'],
      versions: ['5'],
      title: "Each datagram carries RSV X'0000', FRAG X'00' and the destination in its header",
      requirement:
        "A datagram to the relay starts with RSV X'0000', FRAG (X'00' for a standalone datagram), ATYP, DST.ADDR " +
        'and DST.PORT naming the destination, then the data.',
      script: socks5({ udp: {} }),
      verdict: (run) => {
        const clause = 'rfc1928/7-udp-header';
        const first = datagrams(run, 'bnd')[0];
        const decoded = first ? decodeUdpDatagram(first.bytes) : undefined;
        const value = decoded?.kind === 'decoded' ? decoded.value : undefined;
        const port = Number(run.placeholders.port);
        return (
          notUdp(run, clause) ?? [
            verify(clause, run, describeRun, [
              outcome(
                'SKIP',
                'no datagram reached BND (client/socks5/udp/sends-to-bnd judges that)',
                () => !first,
              ),
              outcome(
                'FAIL',
                `the header does not decode: ${decoded?.kind === 'malformed' ? decoded.reason : ''}`,
                () => !value,
              ),
              outcome('FAIL', "RSV is not X'0000'", () => value?.reserved !== 0),
              outcome(
                'FAIL',
                `the header does not name the destination ${run.placeholders.host}:${port}`,
                () =>
                  value?.port !== port ||
                  !(value.address.host === run.placeholders.host || LOOPBACK.has(value.address.host)),
              ),
              outcome(
                'INFO',
                "FRAG is not X'00': the client fragments (a relay without reassembly drops it)",
                () => value?.fragment !== 0,
              ),
              outcome('PASS', "RSV X'0000', FRAG X'00' and the destination", () => true),
            ]),
            checkUsedConnection('rfc1928/7-reply-header', run, 'the UDP association'),
          ]
        );
      },
    },
    {
      id: 'client/socks5/udp/no-fragmentation',
      clauses: ['rfc1928/7-frag-avoid', 'rfc1928/7-frag-sem'],
      versions: ['5'],
      title:
        "The client sends standalone datagrams (FRAG X'00'); if it fragments, the sequence is well formed",
      requirement:
        'Applications should avoid fragmentation (§7). A client that fragments all the same numbers its fragments ' +
        '1 to 127 in rising order and sets the high-order bit of FRAG on the last one, which ends the sequence.',
      script: socks5({ udp: {} }),
      verdict: (run) => {
        const sent = datagrams(run, 'bnd')
          .map((d) => decodeUdpDatagram(d.bytes))
          .flatMap((d) => (d.kind === 'decoded' ? [d.value.fragment] : []));
        const fragments = sent.filter((f) => f !== 0);
        const positions = fragments.map((f) => f & 0x7f);
        const shown = fragments.map((f) => `X'${f.toString(16).padStart(2, '0')}'`).join(', ');
        if (sent.length === 0)
          return (
            notUdp(run, 'rfc1928/7-frag-avoid') ?? [
              skipped(
                'rfc1928/7-frag-avoid',
                'SKIP',
                'no datagram reached BND (client/socks5/udp/sends-to-bnd judges that)',
              ),
            ]
          );
        return [
          verify('rfc1928/7-frag-avoid', run, describeRun, [
            outcome('PASS', "every datagram is standalone (FRAG X'00')", () => fragments.length === 0),
            outcome('WARN', `fragmented its datagrams (FRAG ${shown})`, () => true),
          ]),
          ...(fragments.length === 0
            ? []
            : [
                verify('rfc1928/7-frag-sem', run, describeRun, [
                  outcome('FAIL', `a fragment has position 0 (FRAG ${shown})`, () => positions.includes(0)),
                  outcome(
                    'FAIL',
                    `the positions do not rise (FRAG ${shown}): a receiver resets its queue`,
                    () => positions.some((p, i) => i > 0 && p <= positions[i - 1]!),
                  ),
                  outcome(
                    'FAIL',
                    `no fragment sets the high-order bit: the sequence never ends (FRAG ${shown})`,
                    () => !fragments.some((f) => f & 0x80),
                  ),
                  outcome('PASS', `a well-formed sequence (FRAG ${shown})`, () => true),
                ]),
              ]),
        ];
      },
    },
    {
      id: 'client/socks5/udp/ipv6-header',
      clauses: ['rfc1928/7-udp-header', 'rfc1928/errata-3198', 'rfc1928/5-atyp-v6'],
      versions: ['5'],
      title: 'An answer whose header names an IPv6 source (ATYP 04) loses exactly its 22 header octets',
      requirement:
        "The UDP header for ATYP X'04' is RSV (2), FRAG, ATYP, a 16-octet address and DST.PORT: 22 octets, not the 20 " +
        'of the original §7 (erratum 3198). The client sends to the destination ::1; the relay answers from it, and ' +
        'the client passes on the data that follows the 22 octets, nothing of the header.',
      destination: 'ipv6',
      script: socks5({ udp: {} }),
      verdict: (run) => {
        // The 22-octet header is §7's format as erratum 3198 corrects it: a FAIL on the format, not the erratum.
        const clause = 'rfc1928/7-udp-header';
        const first = datagrams(run, 'bnd')[0];
        const decoded = first ? decodeUdpDatagram(first.bytes) : undefined;
        const value = decoded?.kind === 'decoded' ? decoded.value : undefined;
        const portOctets = Buffer.alloc(2);
        portOctets.writeUInt16BE(value?.port ?? 0);
        // As printed, and as printed by a client that decodes the octets as Latin-1 and writes UTF-8 (PySocks).
        const asText = portOctets.toString('latin1');
        const header = [asText, Buffer.from(asText, 'utf8').toString('latin1')];
        const leaked = (r: ClientRun) => header.some((tail) => r.beforeToken?.endsWith(tail) === true);
        return (
          notUdp(run, clause) ??
          (run.interactive ? [unseenInInteractive(clause)] : undefined) ??
          verify(clause, run, describeRun, [
            outcome('SKIP', 'no datagram reached BND, so none was answered', () => !first),
            outcome(
              'SKIP',
              "not applicable: the client's datagram did not name ::1 with ATYP 04, so the answer's header is not IPv6",
              () => value?.address.type !== 'ipv6',
            ),
            outcome(
              'FAIL',
              "printed the data with the header's DST.PORT octets in front: it took fewer than 22 octets for the header",
              leaked,
            ),
            outcome(
              'PASS',
              'printed the data that follows the 22-octet header and exited 0',
              (r) => r.tokenReceived && exitedZero(r),
            ),
            outcome('FAIL', 'did not pass on the data of the answer with an IPv6 header', () => true),
          ])
        );
      },
    },
    {
      id: 'client/socks5/udp/fragment-dropped',
      clauses: ['rfc1928/7-frag-drop'],
      versions: ['5'],
      title: "An answer datagram with FRAG X'01' is dropped (or reassembled), not taken as whole",
      requirement:
        "An implementation that does not support fragmentation MUST drop any datagram whose FRAG is not X'00'. " +
        "The relay answers with a FRAG X'01' datagram carrying a decoy, then a standalone one carrying the token.",
      script: socks5({ udp: { fragmentFirst: true } }),
      verdict: (run) =>
        notUdp(run, 'rfc1928/7-frag-drop') ??
        (run.interactive ? unseenInInteractive('rfc1928/7-frag-drop') : undefined) ??
        verify('rfc1928/7-frag-drop', run, describeRun, [
          outcome(
            'PASS',
            "dropped the FRAG X'01' datagram and used the standalone one after it",
            (r) => r.tokenReceived && exitedZero(r),
          ),
          outcome(
            'SKIP',
            'no datagram reached BND, so none was answered',
            (r) => datagrams(r, 'bnd').length === 0,
          ),
          outcome('FAIL', "did not use the standalone datagram that followed the FRAG X'01' one", () => true),
        ]),
    },
  ],
);
