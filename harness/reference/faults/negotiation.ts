/** Faults in the RFC 1928 §3 method negotiation. */
export const negotiationFaults = {
  'select-unoffered-method': {
    clause: 'rfc1928/3-select-offered',
    does: 'always selects NO-AUTH, whatever was offered',
  },
  'selection-trailing-byte': {
    clause: 'rfc1928/3-select-offered',
    does: 'sends a 3-octet METHOD selection message',
  },
  'close-instead-of-ff': {
    clause: 'rfc1928/3-ff-none',
    does: "closes without X'FF' when no method is acceptable",
  },
  'accept-zero-nmethods': {
    clause: 'rfc1928/3-nmethods-range',
    does: 'selects NO-AUTH for a greeting with NMETHODS 0',
  },
  'answer-partial-greeting': {
    clause: 'rfc1928/3-nmethods-range',
    does: 'answers as soon as one method has arrived, before NMETHODS of them',
  },
  'greeting-first-chunk-only': {
    clause: 'rfc1928/3-select-offered',
    does: 'closes when the greeting does not arrive in one read',
  },
  'drop-coalesced-bytes': {
    clause: 'rfc1928/3-select-offered',
    does: 'discards bytes that arrived in the same read as the greeting',
  },
  'reject-unknown-methods': {
    clause: 'rfc1928/3-method-space',
    does: "answers X'FF' when any offered method is unknown",
  },
  'reject-duplicate-methods': {
    clause: 'rfc1928/3-select-offered',
    does: "answers X'FF' when a method is offered twice",
  },
  'greeting-state-shared': {
    clause: 'rfc1928/3-select-offered',
    does:
      'parses greetings in one buffer per server, not per connection: octets of greetings of several ' +
      'connections that interleave are read as one greeting, answered on the connection that completed it',
  },
  'limit-nmethods-128': { clause: 'rfc1928/3-select-offered', does: 'closes when NMETHODS is above 128' },
  'no-gssapi': { clause: 'rfc1928/3-gssapi', does: 'never selects GSSAPI' },
  'no-userpass': { clause: 'rfc1928/3-userpass', does: 'never selects USERNAME/PASSWORD' },
  'ignore-greeting-version': {
    clause: 'rfc1928/3-greeting-ver',
    does: 'answers any first octet as a SOCKS5 greeting',
  },
} as const;
