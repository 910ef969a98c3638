/** Faults in RFC 1928 §4–§6 requests and replies, and CONNECT. */
export const requestsFaults = {
  'failure-stays-open': {
    clause: 'rfc1928/6-reply-close-10s',
    does: 'keeps the connection open after a failure reply',
  },
  'short-failure-reply': {
    clause: 'rfc1928/6-reply-format',
    does: 'sends failure replies as the 2 octets VER, REP (mscdex/socksv5)',
  },
  'reply-rsv-nonzero': {
    clause: 'rfc1928/6-rsv',
    does: "sends replies with RSV X'FF'",
  },
  'reply-version-4': {
    clause: 'rfc1928/6-reply-format',
    does: "sends replies with VER X'04' (RSV X'00')",
  },
  'refusal-echoes-trailing': {
    clause: 'rfc1928/6-connect-outcome',
    does: 'after the failure reply to a CONNECT it cannot make, sends back whatever else the client sent, then closes',
  },
  'accept-request-version': {
    clause: 'rfc1928/4-req-format',
    does: 'serves a request whatever its VER octet',
  },
  'answer-partial-request': {
    clause: 'rfc1928/4-req-format',
    does: 'answers REP 00 as soon as VER, CMD, RSV and ATYP have arrived, before the address',
  },
  'request-skips-subnegotiation': {
    clause: 'rfc1928/4-req-format',
    does: 'after selecting USERNAME/PASSWORD, takes a SOCKS5 request in place of the RFC 1929 request',
  },
  'request-state-shared': {
    clause: 'rfc1928/4-req-format',
    does:
      'parses requests in one buffer per server, not per connection: octets of requests of several connections ' +
      'that interleave are read as one request, served on the connection that completed it',
  },
  'port-little-endian': {
    clause: 'rfc1928/4-req-format',
    does: 'reads DST.PORT in little-endian instead of network order',
  },
  'undefined-cmd-succeeds': {
    clause: 'rfc1928/4-cmd',
    does: 'answers an undefined command with REP 00, then closes (brozeph/simple-socks)',
  },
  'unknown-atyp-closes': {
    clause: 'rfc1928/5-atyp-unknown',
    does: "closes without REP X'08' when ATYP is undefined",
  },
  'domain-cut-at-nul': {
    clause: 'rfc1928/5-atyp-domain',
    does: 'resolves a domain name only up to its first NUL octet, as a C string',
  },
  'empty-domain-is-localhost': {
    clause: 'rfc1928/5-atyp-domain',
    does: "connects to localhost for a domain name of length 0, as Node's net.connect does with host ''",
  },
  'domain-length-in-characters': {
    clause: 'rfc1928/5-atyp-domain',
    does:
      'reads the domain length octet as a count of UTF-8 characters, not octets, so a non-ASCII name runs into ' +
      'DST.PORT and beyond (the server side of npm socks up to 2.8.11, which writes it in UTF-16 code units)',
  },
  'connect-unspecified-to-self': {
    clause: 'rfc1928/5-atyp-v4',
    does: 'passes DST.ADDR 0.0.0.0 (SOCKS4 DSTIP 0.0.0.0) to the system, which on Linux connects it to this host',
  },
  'domain-length-limit-254': {
    clause: 'rfc1928/5-atyp-domain',
    does: 'closes without a reply when the domain name is 255 octets long',
  },
  'connect-reply-before-outcome': {
    clause: 'rfc1928/6-connect-outcome',
    does: 'answers CONNECT with REP 00 before the outbound connection is made, and closes if it fails (wstunnel)',
  },
  'connect-bnd-client-address': {
    clause: 'rfc1928/6-connect-bnd',
    does: "names the client's own address and port as BND of a CONNECT (shadowsocks-rust)",
  },
  'connect-data-before-reply': {
    clause: 'rfc1928/6-reply-format',
    does: "relays the destination's first octets to the client before the CONNECT reply",
  },
  'pipelined-data-lost': {
    clause: 'rfc1928/6-success-data',
    does: 'discards data the client sent after the request, before the reply (microsocks)',
  },
  'pipelined-data-head-lost': {
    clause: 'rfc1928/6-success-data',
    does: 'drops the first octet the client sent after the request, as a server that reads before its relay is ready (@pondwader/socks5-server)',
  },
  'half-close-full-close': {
    clause: 'rfc1928/6-success-data',
    does: 'turns a FIN from either side of a relayed connection into a full close of both',
  },
} as const;
