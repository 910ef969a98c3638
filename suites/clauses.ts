/**
 * The clause catalogue of RFC 1928 §3–§7 (with errata), RFC 1929, RFC 1961 and the SOCKS4 and SOCKS4A documents:
 * every clause id a case may cite, who it binds, and, for a clause no case can check over the wire, the reason why
 * (for the server side, and for the client side where that reason differs).
 */
import type { Level } from '../harness/model/level.js';

export type Party = 'server' | 'client' | 'relay' | 'both' | 'relay+client' | 'none';

export interface Clause {
  readonly id: string;
  readonly level: Level;
  readonly who: Party;
  readonly summary: string;
  /** Why no case checks this clause on the server side (and on the client side, unless `clientUntestable` says). */
  readonly untestable?: string;
  /** Why no client case checks this clause, where the client side differs from the server side. */
  readonly clientUntestable?: string;
}

const NEEDS_GSS_CONTEXT =
  'needs an established GSS-API security context, i.e. a Kerberos KDC and keytab; the harness tests RFC 1961 framing only';

const CLIENT_NEEDS_GSS_CONTEXT =
  'comes after an established GSS-API security context: the client gets that far only with a ticket from a ' +
  'Kerberos KDC for the proxy, and the scripted server would need the matching keytab; the harness has neither, ' +
  'so its GSSAPI server answers with the abort, which client/socks5/gssapi/* checks';

const CLIENT_BIND =
  'SOCKS4 BIND is issued by applications inside their own protocol (active-mode FTP and the like) through a ' +
  "client library's API; a client run by a command (curl, proxychains, PySocks fetching a URL) never issues it, " +
  'and the client mode has no way to ask for a BIND';

const CLIENT_REASSEMBLY =
  'binds only a client that reassembles fragments, and what it prints is all the harness sees: a client that drops ' +
  'every fragment (as rfc1928/7-frag-drop allows) looks the same as one whose queue reset or timed out too early, ' +
  'and none of the clients the suite can drive (the reference client, PySocks, npm socks) reassembles, so no ' +
  'case could be proven both ways';

const NEEDS_IDENTD =
  'CD 92 and 93 depend on an identd (RFC 1413) on the client host, which the harness does not run; a reply code ' +
  'is still checked to lie in 90–93 wherever one is read';
const TWO_MINUTES =
  'the time limit of the reference implementation is 2 minutes: a case would wait that long for a black-holed ' +
  'destination, which has no place in the default run (and loopback offers no destination that never answers)';

export const clauses: readonly Clause[] = [
  {
    id: 'rfc1928/3-greeting-ver',
    level: 'FMT',
    who: 'client',
    summary: "Greeting is VER X'05', NMETHODS, METHODS; a server answers no other version as SOCKS5",
  },
  {
    id: 'rfc1928/3-nmethods-range',
    level: 'FMT',
    who: 'client',
    summary: 'METHODS holds 1 to 255 octets and NMETHODS counts them',
  },
  {
    id: 'rfc1928/3-select-offered',
    level: 'FMT',
    who: 'server',
    summary: 'The server selects one of the offered methods, in a 2-octet message VER, METHOD',
  },
  { id: 'rfc1928/3-ff-none', level: 'FMT', who: 'server', summary: "No acceptable method: METHOD X'FF'" },
  {
    id: 'rfc1928/3-ff-client-close',
    level: 'MUST',
    who: 'client',
    summary: "On X'FF' the client closes the connection",
  },
  {
    id: 'rfc1928/3-method-space',
    level: 'INFO',
    who: 'both',
    summary: 'Method numbers: 00, 01, 02, IANA 03–7F, private 80–FE, FF none acceptable',
  },
  { id: 'rfc1928/3-gssapi', level: 'MUST', who: 'both', summary: 'Compliant implementations support GSSAPI' },
  {
    id: 'rfc1928/3-userpass',
    level: 'SHOULD',
    who: 'both',
    summary: 'Implementations should support USERNAME/PASSWORD',
  },
  { id: 'rfc1928/3-port', level: 'INFO', who: 'none', summary: 'The conventional port is 1080' },
  {
    id: 'rfc1928/4-encap',
    level: 'MUST',
    who: 'client',
    summary: 'Under an encapsulating method the request is encapsulated',
    clientUntestable: CLIENT_NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1928/4-req-format',
    level: 'FMT',
    who: 'client',
    summary: "Request is VER X'05', CMD, RSV, ATYP, DST.ADDR, DST.PORT",
  },
  {
    id: 'rfc1928/4-cmd',
    level: 'FMT',
    who: 'both',
    summary: 'CMD is 01 CONNECT, 02 BIND or 03 UDP ASSOCIATE',
  },
  { id: 'rfc1928/4-rsv', level: 'FMT', who: 'client', summary: "Request RSV is X'00'" },
  { id: 'rfc1928/5-atyp-v4', level: 'FMT', who: 'both', summary: 'ATYP 01: a 4-octet IPv4 address' },
  {
    id: 'rfc1928/5-atyp-domain',
    level: 'FMT',
    who: 'both',
    summary: 'ATYP 03: a length octet and the name, no terminating NUL',
  },
  { id: 'rfc1928/5-atyp-v6', level: 'FMT', who: 'both', summary: 'ATYP 04: a 16-octet IPv6 address' },
  { id: 'rfc1928/5-atyp-unknown', level: 'FMT', who: 'server', summary: "Unsupported ATYP: REP X'08'" },
  {
    id: 'rfc1928/5-fqdn-literal',
    level: 'INFO',
    who: 'client',
    summary: 'ATYP 03 carries names; IP literals belong in 01 or 04',
  },
  {
    id: 'rfc1928/6-reply-format',
    level: 'FMT',
    who: 'server',
    summary: 'Reply is VER, REP, RSV, ATYP, BND.ADDR, BND.PORT, at full length on failure too',
  },
  {
    id: 'rfc1928/6-rep-codes',
    level: 'FMT',
    who: 'server',
    summary: 'REP is one of 00–08, and names the cause of a failure',
  },
  { id: 'rfc1928/6-rsv', level: 'must(lc)', who: 'server', summary: "Reply RSV is X'00'" },
  {
    id: 'rfc1928/6-reply-encap',
    level: 'DESC',
    who: 'server',
    summary: 'Replies are encapsulated under an encapsulating method',
    untestable: NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1928/6-connect-bnd',
    level: 'INFO',
    who: 'server',
    summary: 'CONNECT BND is the address and port the server used toward the destination',
  },
  {
    id: 'rfc1928/6-connect-outcome',
    level: 'DESC',
    who: 'server',
    summary: 'The CONNECT reply reflects the outcome of the outbound connection',
  },
  {
    id: 'rfc1928/6-bind-first',
    level: 'FMT',
    who: 'server',
    summary: 'BIND: a first reply once bound, BND the listening address and port',
  },
  {
    id: 'rfc1928/6-bind-second',
    level: 'FMT',
    who: 'server',
    summary: 'BIND: a second reply when the peer connects, BND the peer address and port',
  },
  {
    id: 'rfc1928/6-bind-eval',
    level: 'INFO',
    who: 'server',
    summary: 'The server uses DST.ADDR and DST.PORT to evaluate the BIND',
  },
  {
    id: 'rfc1928/6-udp-hint',
    level: 'MAY',
    who: 'server',
    summary: 'UDP ASSOCIATE DST is where the client will send from; the server may restrict to it',
  },
  {
    id: 'rfc1928/6-udp-zero',
    level: 'MUST',
    who: 'client',
    summary: 'A client without that information sends zeros',
  },
  {
    id: 'rfc1928/6-udp-bnd',
    level: 'MUST',
    who: 'client',
    summary: 'The client sends datagrams to the BND of the UDP ASSOCIATE reply',
  },
  {
    id: 'rfc1928/6-udp-lifetime',
    level: 'DESC',
    who: 'server',
    summary: 'A UDP association ends when its TCP connection ends',
  },
  {
    id: 'rfc1928/6-reply-close-10s',
    level: 'MUST',
    who: 'server',
    summary: 'After a failure reply the server closes the connection within 10 s',
  },
  {
    id: 'rfc1928/6-success-data',
    level: 'MAY',
    who: 'client',
    summary: 'After REP 00 the client may send data; data sent before it must not be lost',
  },
  {
    id: 'rfc1928/6-data-encap',
    level: 'MUST',
    who: 'server',
    summary: 'Relayed data is encapsulated under an encapsulating method',
    untestable: NEEDS_GSS_CONTEXT,
  },
  { id: 'rfc1928/7-send-bndport', level: 'MUST', who: 'client', summary: 'The UDP client sends to BND.PORT' },
  {
    id: 'rfc1928/7-udp-encap',
    level: 'MUST',
    who: 'client',
    summary: 'Datagrams are encapsulated under an encapsulating method',
    clientUntestable: CLIENT_NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1928/7-udp-header',
    level: 'FMT',
    who: 'both',
    summary: "UDP header: RSV X'0000', FRAG, ATYP, DST.ADDR, DST.PORT, DATA",
  },
  {
    id: 'rfc1928/7-silent',
    level: 'INFO',
    who: 'relay',
    summary: 'Undeliverable datagrams are dropped without notice',
  },
  {
    id: 'rfc1928/7-reply-header',
    level: 'MUST',
    who: 'relay',
    summary: 'Datagrams from remote hosts are wrapped in a header naming the remote source',
  },
  {
    id: 'rfc1928/7-src-ip',
    level: 'MUST',
    who: 'relay',
    summary: "The relay drops datagrams from any source IP but the client's",
  },
  {
    id: 'rfc1928/7-frag-sem',
    level: 'FMT',
    who: 'both',
    summary: 'FRAG 00 standalone, 1–127 position, high bit ends the sequence',
  },
  {
    id: 'rfc1928/7-frag-reset',
    level: 'must(lc)',
    who: 'relay+client',
    summary: 'The reassembly queue resets on timeout or on a FRAG lower than the highest seen',
    clientUntestable: CLIENT_REASSEMBLY,
  },
  {
    id: 'rfc1928/7-frag-timer',
    level: 'MUST',
    who: 'relay+client',
    summary: 'The reassembly timer is at least 5 s',
    clientUntestable: CLIENT_REASSEMBLY,
  },
  {
    id: 'rfc1928/7-frag-avoid',
    level: 'SHOULD',
    who: 'client',
    summary: 'Applications should avoid fragmentation',
  },
  {
    id: 'rfc1928/7-frag-drop',
    level: 'MUST',
    who: 'relay+client',
    summary: 'Without fragmentation support, datagrams with FRAG not 00 are dropped',
  },
  {
    id: 'rfc1928/7-api-headroom',
    level: 'MUST',
    who: 'client',
    summary: 'A SOCKS-aware UDP API reports the buffer space less the header',
    clientUntestable:
      'what a SOCKS-aware UDP API tells the application about its buffer space is a property of the API, not of ' +
      'anything sent on the wire; a client run by a command shows only what it sends and prints',
  },
  {
    id: 'rfc1928/errata-3198',
    level: 'INFO',
    who: 'client',
    summary: 'The IPv6 UDP header is 22 octets, not 20',
  },
  {
    id: 'rfc1928/errata-8867',
    level: 'INFO',
    who: 'none',
    summary: 'Wording of the BIND text (reported, not verified)',
  },
  {
    id: 'rfc1929/2-after-02',
    level: 'FMT',
    who: 'client',
    summary: "The sub-negotiation starts after the server selected X'02'",
  },
  { id: 'rfc1929/2-ver', level: 'FMT', who: 'both', summary: "VER is X'01' in request and response" },
  { id: 'rfc1929/2-ulen', level: 'FMT', who: 'client', summary: 'UNAME is 1 to 255 octets' },
  { id: 'rfc1929/2-plen', level: 'FMT', who: 'client', summary: 'PASSWD is 1 to 255 octets' },
  { id: 'rfc1929/2-resp', level: 'FMT', who: 'server', summary: 'The response is 2 octets, VER and STATUS' },
  {
    id: 'rfc1929/2-verify',
    level: 'DESC',
    who: 'server',
    summary: 'The server checks UNAME and PASSWD before it answers',
  },
  {
    id: 'rfc1929/2-fail-close',
    level: 'MUST',
    who: 'server',
    summary: 'After STATUS not 00 the server closes the connection',
  },
  {
    id: 'rfc1929/2-client-fail',
    level: 'FMT',
    who: 'client',
    summary: 'On STATUS not 00 the client treats authentication as failed',
  },
  { id: 'rfc1929/3-cleartext', level: 'INFO', who: 'none', summary: 'Credentials travel in cleartext' },
  {
    id: 'rfc1961/3.4-frame',
    level: 'FMT',
    who: 'both',
    summary: "Messages are ver X'01', mtyp, 2-octet length, token",
  },
  {
    id: 'rfc1961/3.2-flags',
    level: 'must(lc)',
    who: 'client',
    summary: 'The client requests mutual, replay and delegation protection',
    clientUntestable:
      "the flags travel inside the client's initial context token (for Kerberos an AP-REQ, readable only with the " +
      "proxy's service key issued by a KDC); the harness has no KDC and cannot read them",
  },
  {
    id: 'rfc1961/3.5-init-fail',
    level: 'must(lc)',
    who: 'client',
    summary: 'A client whose context initiation fails closes',
  },
  {
    id: 'rfc1961/3.6-zero-token',
    level: 'should(lc)',
    who: 'server',
    summary: 'A completed context with no output token is sent as a zero-length token',
    untestable: NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/3.7-same-mtyp',
    level: 'FMT',
    who: 'server',
    summary: 'Server continue and confirm messages use mtyp 01',
    untestable: NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/3.8-abort',
    level: 'FMT',
    who: 'server',
    summary: "A refusal is the 2-octet message X'01' X'FF'",
  },
  {
    id: 'rfc1961/3.8-abort-client',
    level: 'FMT',
    who: 'client',
    summary: "A client receiving X'01' X'FF' stops and closes",
  },
  {
    id: 'rfc1961/4.2-levels',
    level: 'must(lc)',
    who: 'both',
    summary: 'Protection level is 1, 2 or 3',
    untestable: NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/4.3-prot-frame',
    level: 'FMT',
    who: 'both',
    summary: 'Protection-level negotiation uses mtyp 02, after the context is established',
    clientUntestable: CLIENT_NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/4.4-level-close',
    level: 'must(lc)',
    who: 'client',
    summary: 'A client that cannot accept the server level closes',
    clientUntestable: CLIENT_NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/5-conf',
    level: 'MUST',
    who: 'both',
    summary: 'Level 1 wraps without, level 2 with confidentiality',
    untestable: NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/5-encap',
    level: 'FMT',
    who: 'both',
    summary: 'Data after authentication is framed as mtyp 03, after the context is established',
    clientUntestable: CLIENT_NEEDS_GSS_CONTEXT,
  },
  {
    id: 'rfc1961/6-no-delete',
    level: 'INFO',
    who: 'both',
    summary: 'Context-deletion tokens are never sent',
    untestable: 'a deletion token could only be seen after a context is established, which needs a KDC',
  },
  {
    id: 'socks4/req-format',
    level: 'FMT',
    who: 'client',
    summary: 'Request is VN, CD, DSTPORT (2 octets), DSTIP (4 octets), USERID, NUL',
  },
  { id: 'socks4/vn', level: 'should(lc)', who: 'client', summary: 'Request VN is 4' },
  { id: 'socks4/cd', level: 'FMT', who: 'client', summary: 'CD is 1 for CONNECT, 2 for BIND' },
  {
    id: 'socks4/reply-format',
    level: 'FMT',
    who: 'server',
    summary: 'A reply is 8 octets: VN, CD, DSTPORT, DSTIP',
  },
  { id: 'socks4/reply-vn', level: 'should(lc)', who: 'server', summary: 'Reply VN is 0' },
  {
    id: 'socks4/reply-cd',
    level: 'FMT',
    who: 'server',
    summary: 'Reply CD is 90 granted, 91 rejected or failed, 92 no identd, 93 identd user mismatch',
  },
  {
    id: 'socks4/connect-ignored',
    level: 'INFO',
    who: 'client',
    summary: 'DSTPORT and DSTIP of a CONNECT reply are ignored',
  },
  {
    id: 'socks4/ident',
    level: 'MAY',
    who: 'server',
    summary: 'The server may consult an identd (RFC 1413) and reject with 92 or 93',
    untestable: NEEDS_IDENTD,
  },
  {
    id: 'socks4/fail-close',
    level: 'DESC',
    who: 'server',
    summary: 'The server closes the connection immediately after a rejection or failure reply',
  },
  {
    id: 'socks4/relay',
    level: 'DESC',
    who: 'server',
    summary: 'After CD 90 the server relays both directions',
  },
  {
    id: 'socks4/bind-after-connect',
    level: 'should(lc)',
    who: 'client',
    summary: 'A client sends BIND only once its primary CONNECT exists',
    clientUntestable: CLIENT_BIND,
  },
  {
    id: 'socks4/bind-req',
    level: 'FMT',
    who: 'client',
    summary: "BIND names the application server in DSTIP and the primary connection's port in DSTPORT",
    clientUntestable: CLIENT_BIND,
  },
  {
    id: 'socks4/bind-first',
    level: 'FMT',
    who: 'server',
    summary: 'The first BIND reply (CD 90) names the listening port and address in DSTPORT and DSTIP',
  },
  {
    id: 'socks4/bind-any',
    level: 'should(lc)',
    who: 'client',
    summary: "DSTIP 0.0.0.0 in the first BIND reply stands for the SOCKS server's address",
    clientUntestable: CLIENT_BIND,
  },
  {
    id: 'socks4/bind-second',
    level: 'DESC',
    who: 'server',
    summary: 'A second BIND reply follows when the application server connects',
  },
  {
    id: 'socks4/bind-ip-check',
    level: 'DESC',
    who: 'server',
    summary: 'A BIND peer from another address than DSTIP gets CD 91 and both connections are closed',
  },
  {
    id: 'socks4/timeout-2min',
    level: 'DESC',
    who: 'server',
    summary: 'The outbound connection of CONNECT and BIND is given a time limit, then the client is closed',
    untestable: TWO_MINUTES,
  },
  {
    id: 'socks4a/signal',
    level: 'should(lc)',
    who: 'client',
    summary: 'A client that cannot resolve the name sends DSTIP 0.0.0.x with x not 0',
  },
  {
    id: 'socks4a/domain',
    level: 'must(lc)',
    who: 'client',
    summary: 'The domain follows the NUL of the USERID and ends with a NUL, for CONNECT and BIND',
  },
  {
    id: 'socks4a/server-read',
    level: 'must(lc)',
    who: 'server',
    summary: 'A SOCKS4A server reads the domain when DSTIP is 0.0.0.x with x not 0',
  },
  {
    id: 'socks4a/zero-not-4a',
    level: 'FMT',
    who: 'server',
    summary: 'DSTIP 0.0.0.0 is not the SOCKS4A signal',
  },
  {
    id: 'socks4a/resolve',
    level: 'should(lc)',
    who: 'server',
    summary: 'The server resolves the domain and connects; a name it cannot resolve gets CD 91 and the close',
  },
  {
    id: 'socks4a/chain',
    level: 'MAY',
    who: 'server',
    summary: 'A server may pass a name it cannot resolve on to a next SOCKS server',
    untestable:
      'passing the name on is invisible to the client except as the outcome the resolve cases already check',
  },
  {
    id: 'socks4a/bounded',
    level: 'SHOULD',
    who: 'server',
    summary: '(draft-vance-socks-v4a) USERID and domain are read up to a bound (about 255 octets)',
  },
];

const byId = new Map(clauses.map((c) => [c.id, c]));

/** The level of a clause the catalogue lists; an id it does not list is a mistake in a case. */
export function clauseLevel(id: string): Level {
  const clause = byId.get(id);
  if (!clause) throw new Error(`no clause ${id} in the catalogue`);
  return clause.level;
}

/** Whether a client case can be expected to check the clause. */
export function bindsClient(clause: Clause): boolean {
  return clause.who === 'client' || clause.who === 'both' || clause.who === 'relay+client';
}

/** Why no client case checks the clause, if none can. */
export function clientUntestableReason(clause: Clause): string | undefined {
  return clause.clientUntestable ?? clause.untestable;
}

/** Whether a server test can be expected to check the clause. */
export function bindsServer(clause: Clause): boolean {
  return (
    clause.who === 'server' ||
    clause.who === 'relay' ||
    clause.who === 'both' ||
    clause.who === 'relay+client'
  );
}
