/** Faults in UDP ASSOCIATE and the RFC 1928 §7 relay. */
export const udpFaults = {
  'udp-short-reply': {
    clause: 'rfc1928/6-reply-format',
    does: 'sends the UDP ASSOCIATE success reply without BND.PORT (8 octets), then serves the association',
  },
  'udp-bnd-any': {
    clause: 'rfc1928/6-udp-bnd',
    does: 'names BND.ADDR 0.0.0.0 in the UDP ASSOCIATE reply instead of the address the relay listens on',
  },
  'udp-zero-hint-refused': {
    clause: 'rfc1928/6-udp-zero',
    does: 'refuses a UDP ASSOCIATE whose DST is all zeros with REP 01 (netty#7156)',
  },
  'udp-relay-on-hint-port': {
    clause: 'rfc1928/6-udp-hint',
    does: "binds the relay at DST.PORT, the client's own port, so a real hint fails with REP 01 (gost#96)",
  },
  'udp-bnd-is-hint': {
    clause: 'rfc1928/6-udp-bnd',
    does:
      "answers UDP ASSOCIATE with BND = DST, the client's own socket when DST names it, and runs no relay: " +
      'what the client sends to BND comes straight back to itself',
  },
  'udp-close-after-reply': {
    clause: 'rfc1928/6-udp-lifetime',
    does: 'closes the TCP connection right after the UDP ASSOCIATE reply (shadowsocks-libev#1502)',
  },
  'udp-outlives-tcp': {
    clause: 'rfc1928/6-udp-lifetime',
    does: 'keeps relaying for 3 s after the TCP connection of the association ends',
  },
  'udp-relay-rsv': {
    clause: 'rfc1928/7-udp-header',
    does: 'relays datagrams whose RSV is not 0',
  },
  'udp-rsv-stops-relay': {
    clause: 'rfc1928/7-udp-header',
    does: 'stops relaying after a datagram whose RSV is not 0, while the association and its TCP connection stay open',
  },
  'udp-lenient-domain-length': {
    clause: 'rfc1928/7-udp-header',
    does: 'clamps a domain length that runs past the datagram to the octets present (the last two as the port) and relays',
  },
  'udp-relay-on-tcp-port': {
    clause: 'rfc1928/7-src-ip',
    does:
      'also relays datagrams sent to its TCP port number over UDP, from anyone, with no association and no ' +
      'authentication (txthinking/socks5, whose LimitUDP is off by default, serves UDP on its TCP port number)',
  },
  'udp-no-source-check': {
    clause: 'rfc1928/7-src-ip',
    does: 'relays datagrams from any source address, not only from the client',
  },
  'udp-reply-names-client': {
    clause: 'rfc1928/7-reply-header',
    does: "names the client's address in the header of reply datagrams instead of the remote source",
  },
  'udp-reply-without-header': {
    clause: 'rfc1928/7-reply-header',
    does: 'sends reply datagrams to the client without the UDP request header',
  },
  'udp-frag-piecemeal': {
    clause: 'rfc1928/7-frag-drop',
    does: 'ignores FRAG: forwards every fragment on its own as it arrives',
  },
  'udp-frag-timer-1s': {
    clause: 'rfc1928/7-frag-timer',
    does: 'resets the reassembly queue 1 s after the first fragment instead of at least 5 s',
  },
  'udp-frag-no-reset-on-lower': {
    clause: 'rfc1928/7-frag-reset',
    does: 'does not reset the queue on a lower FRAG: joins every fragment in arrival order up to the last one',
  },
  'udp-error-datagram': {
    clause: 'rfc1928/7-silent',
    does: 'answers a datagram it cannot deliver with an empty datagram whose header names the destination',
  },
  'udp-undeliverable-ends-association': {
    clause: 'rfc1928/6-udp-lifetime',
    does: 'ends the association and its TCP connection when a datagram cannot be delivered',
  },
} as const;
