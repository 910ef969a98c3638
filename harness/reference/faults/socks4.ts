/** Faults in the SOCKS4 and SOCKS4A protocols. */
export const socks4Faults = {
  'socks4-reject-short-reply': {
    clause: 'socks4/reply-format',
    does: 'answers a rejected request with the 2 octets VN, CD instead of an 8-octet reply (as SSH.NET did)',
  },
  'socks4-failure-in-socks5-form': {
    clause: 'socks4/reply-format',
    does: "answers a rejected SOCKS4 request with a 10-octet SOCKS5 reply (05 01 00 01 …), its SOCKS5 encoder's",
  },
  'socks4-reply-vn-4': {
    clause: 'socks4/reply-vn',
    does: 'puts VN 4 in every reply instead of 0',
  },
  'socks4-undefined-cd-granted': {
    clause: 'socks4/reply-cd',
    does: 'answers a request with an undefined CD (neither 1 nor 2) with CD 90, then closes',
  },
  'socks4-granted-before-connect': {
    clause: 'socks4/reply-cd',
    does: 'answers CONNECT with CD 90 before the outbound connection is made, and closes if it then fails',
  },
  'socks4-failure-stays-open': {
    clause: 'socks4/fail-close',
    does: 'leaves the connection open after a rejection (CD 91) until the client closes it',
  },
  'socks4-relay-after-rejection': {
    clause: 'socks4/fail-close',
    does: 'answers an undefined CD with 91, then connects to DSTIP:DSTPORT and relays anyway',
  },
  'socks4-first-chunk-only': {
    clause: 'socks4/req-format',
    does: 'takes the first read as the whole request: a request split over reads is dropped with a close',
  },
  'socks4-drop-pipelined-data': {
    clause: 'socks4/relay',
    does: 'discards data the client sent behind the request before the reply',
  },
  'socks4-unbounded-read': {
    clause: 'socks4a/bounded',
    does:
      'reads an unterminated USERID or domain on and on: no length bound, and the FIN of a client that stops ' +
      'mid-field is ignored; only the negotiation timeout ends the wait',
  },
  'socks4-crash-on-unterminated': {
    clause: 'socks4a/bounded',
    does: 'crashes when the client ends the connection before the NUL of the USERID or domain (as a segfault)',
  },
  'socks4-zero-is-4a': {
    clause: 'socks4a/zero-not-4a',
    does: 'takes DSTIP 0.0.0.0 as the SOCKS4A signal and waits for a domain after the USERID (as 3proxy does)',
  },
  'socks4a-empty-domain-is-localhost': {
    clause: 'socks4a/resolve',
    does: "connects to localhost for an empty SOCKS4A domain, as Node's net.connect does with host ''",
  },
  'socks4a-domain-nul-relayed': {
    clause: 'socks4a/server-read',
    does: "reads the SOCKS4A domain but leaves its terminating NUL in the stream, relayed as the client's data",
  },
  'unknown-version-crashes': {
    clause: 'rfc1928/3-greeting-ver',
    does: 'crashes on a first octet that is neither 4 nor 5',
  },
  'socks4-bind-first-port-zero': {
    clause: 'socks4/bind-first',
    does: 'names DSTPORT 0 in the first BIND reply instead of the port it listens on',
  },
  'socks4-bind-names-dst': {
    clause: 'socks4/bind-first',
    does: 'answers BIND with a first reply CD 90 naming DSTIP and DSTPORT of the request, and never listens',
  },
  'socks4-bind-no-second-reply': {
    clause: 'socks4/bind-second',
    does: 'relays the BIND peer without sending the second reply',
  },
  'socks4-bind-accept-any-peer': {
    clause: 'socks4/bind-ip-check',
    does: 'accepts the inbound connection from any host, whatever DSTIP names',
  },
  'socks4-bind-refusal-keeps-peer': {
    clause: 'socks4/bind-ip-check',
    does: 'refuses a peer from another host with 91 but leaves the peer connected',
  },
} as const;
