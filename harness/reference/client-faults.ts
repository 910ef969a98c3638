/**
 * Fault switches of the reference client: each breaks exactly one client-side clause, making a broken client on
 * which the matching client case must fail (the client-side counterpart of the server's mutants).
 */
export const clientFaultCatalogue = {
  'nmethods-too-many': 'rfc1928/3-nmethods-range: NMETHODS counts one method more than the greeting carries',
  'offers-ff':
    "rfc1928/3-method-space: the greeting offers X'FF', which is no method but the server's refusal",
  'never-offers-gssapi': "rfc1928/3-gssapi: the greeting never offers GSSAPI (X'01'), even when told to",
  'ignores-ff': "rfc1928/3-ff-client-close: after X'FF' the client sends its request anyway",
  'accepts-selection-version-4': 'rfc1928/3-select-offered: a selection with VER 04 is taken as SOCKS5',
  'socks4-fallback-on-selection-4':
    'rfc1928/3-select-offered: after a selection with VER 04 the client sends a SOCKS4 request on the same connection',
  'auth-version-05': "rfc1929/2-ver: the RFC 1929 request carries VER X'05'",
  'auth-ulen-off-by-one': 'rfc1929/2-ulen: ULEN counts one octet more than the username has',
  'auth-length-utf8':
    'rfc1929/2-ulen, 2-plen: ULEN and PLEN are written as the UTF-8 encoding of the length, two octets from 128 on (PySocks, Anorov/PySocks#177)',
  'auth-refuses-long-credentials':
    "rfc1929/2-ulen, 2-plen: credentials over 127 octets are not supported: X'02' is offered, then the connection closed without them",
  'auth-after-no-auth':
    "rfc1929/2-after-02: given credentials, the client sends the RFC 1929 request even when X'00' was selected",
  'auth-pipelined':
    'rfc1929/2-after-02 (allowed, INFO): the RFC 1929 request leaves with the greeting, before any selection (v2ray)',
  'continues-after-auth-failure': 'rfc1929/2-client-fail: STATUS not 00 is ignored and the request sent',
  'continues-after-gss-abort':
    "rfc1961/3.8-abort-client: after the server's X'01 FF' the client sends its SOCKS request anyway",
  'gss-message-version-05': "rfc1961/3.4-frame: the GSSAPI message carries ver X'05'",
  'continues-after-gss-token':
    'rfc1961/3.5-init-fail: after a context token it cannot process, the client sends its SOCKS request anyway',
  'request-rsv-01': "rfc1928/4-rsv: the request's RSV is X'01'",
  'port-little-endian': 'rfc1928/4-req-format: DST.PORT is written least significant octet first',
  'name-with-nul': 'rfc1928/5-atyp-domain: the name is sent with a terminating NUL counted in its length',
  'name-length-utf16':
    "rfc1928/5-atyp-domain: LEN counts the name's UTF-16 code units, not the UTF-8 octets sent (npm socks up to 2.8.11)",
  'name-length-mod-256':
    'rfc1928/5-atyp-domain: a name longer than 255 octets goes out whole with LEN = its length mod 256, not refused (curl CVE-2023-38545 class)',
  'data-before-reply':
    'rfc1928/6-success-data: the application data leaves with the request, before the reply',
  'single-recv-reply': 'rfc1928/6-reply-format: each server message is taken from one read, however short',
  'ipv4-bnd-read-as-ipv6': 'rfc1928/5-atyp-v4: an ATYP 01 BND is read as 16 octets',
  'assumes-ipv4-bnd': 'rfc1928/6-reply-format: every reply is read as 10 octets (an IPv4 BND)',
  'rejects-zero-bnd':
    'rfc1928/6-reply-format: a success reply whose BND is 0.0.0.0 port 0 is taken for an error',
  'failure-reply-as-success': 'rfc1928/6-rep-codes: any REP is taken for success',
  'ignores-reply-version': "rfc1928/6-reply-format: a reply's VER is not checked",
  'truncated-reply-as-success': 'rfc1928/6-reply-format: a reply cut short by a close counts as success',
  'unknown-atyp-as-ipv4': 'rfc1928/5-atyp-unknown: an undefined reply ATYP is read as IPv4',
  'udp-associate-names-destination':
    'rfc1928/6-udp-zero: the UDP ASSOCIATE request names the destination instead of zeros or its own address',
  'udp-sends-to-proxy-port':
    "rfc1928/7-send-bndport: datagrams go to the proxy's TCP address and port, not BND",
  'udp-ignores-bnd-address':
    "rfc1928/6-udp-bnd: datagrams go to BND.PORT at the proxy's TCP address, not BND.ADDR",
  'udp-header-rsv-nonzero': "rfc1928/7-udp-header: the datagrams' RSV is X'0001'",
  'udp-ipv6-header-20':
    'rfc1928/7-udp-header (erratum 3198): a datagram whose header names an IPv6 address is taken to have a 20-octet header, not 22',
  'udp-fragments':
    "rfc1928/7-frag-avoid: each datagram is sent as two fragments (FRAG X'01', then X'82' ending the sequence)",
  'udp-fragment-end-unmarked':
    "rfc1928/7-frag-sem: each datagram is sent as two fragments, X'01' and X'02', and the end is never marked",
  'udp-takes-fragments':
    "rfc1928/7-frag-drop: a datagram with FRAG X'01' is taken as whole instead of dropped",
  'socks4-userid-unterminated': 'socks4/req-format: the USERID is sent without its terminating NUL',
  'socks4a-zero-ip': 'socks4a/signal: SOCKS4A requests carry DSTIP 0.0.0.0',
  'socks4-checks-connect-reply':
    "socks4/reply-cd: a CD 90 reply is refused unless its DSTIP is 0.0.0.0 or the proxy's address",
  'socks4-refuses-names':
    'socks4a/signal (allowed, INFO for plain SOCKS4): a name is refused, never resolved locally: the client connects, sends nothing and reports the failure',
  'socks4-rejected-as-success': 'socks4/reply-cd: CD 91 is taken for success',
  'rejects-reply-rsv': "rfc1928/6-rsv (a choice, not a fault): a reply whose RSV is not X'00' is refused",
  'reply-head-then-data':
    'rfc1928/6-reply-format, socks4/reply-format: only the first octets of the reply are read (VER REP RSV ATYP; SOCKS4: VN CD), the data goes at once and the rest of the reply is printed as data',
  'drops-data-after-reply':
    "rfc1928/6-reply-format, socks4/reply-format: the reply is read through a buffer that is then thrown away, with the destination's first octets that came in the reply's segment",
  'fetches-around-proxy':
    'rfc1928/6-reply-format: the SOCKS exchange completes, then the URL is fetched directly, not through the granted connection',
  'background-connection-first':
    "none (must still pass): before the case's connection, another goes through the proxy to another host (192.0.2.1 port 443), as a browser's background traffic does",
  'goes-direct':
    'the client bypasses the proxy for the destination and fetches the URL directly, as a browser does for loopback by default',
  'exit-zero-on-failure':
    'reports nothing: the client exits 0 whatever happened (breaks every failure report)',
  'hangs-on-failure':
    'reports nothing: after a failure the client closes the connection but never ends, until killed (npm socks 2.4.2 on a SOCKS5 failure reply)',
} as const;

export type ClientFault = keyof typeof clientFaultCatalogue;

export function isClientFault(name: string): name is ClientFault {
  return Object.hasOwn(clientFaultCatalogue, name);
}
