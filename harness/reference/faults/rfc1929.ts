/** Faults in the RFC 1929 username/password sub-negotiation. */
export const authFaults = {
  'auth-response-version-5': { clause: 'rfc1929/2-ver', does: 'answers the RFC 1929 request with VER 5' },
  'auth-response-trailing-byte': { clause: 'rfc1929/2-resp', does: 'sends a 3-octet RFC 1929 response' },
  'auth-failure-echoes-request': {
    clause: 'rfc1929/2-resp',
    does:
      'answers a failed login with the request itself, its ULEN octet set to FF (npm simple-socks 3.6.0): 01 FF, ' +
      'then the username, PLEN and the password',
  },
  'auth-response-echoes-request': {
    clause: 'rfc1929/2-resp',
    does:
      'follows its 2-octet response, STATUS 00 or not, with the RFC 1929 request itself, verbatim: VER, ULEN, ' +
      'the username, PLEN and the password go back to whoever reads the answer',
  },
  'auth-accept-any': { clause: 'rfc1929/2-verify', does: 'answers STATUS 00 whatever the credentials' },
  'auth-fail-stays-open': {
    clause: 'rfc1929/2-fail-close',
    does: 'keeps the connection open after STATUS not 00',
  },
  'auth-fail-serves-request': {
    clause: 'rfc1929/2-fail-close',
    does: 'after STATUS not 00, goes on to read and serve the request',
  },
  'auth-accept-empty-password': {
    clause: 'rfc1929/2-verify',
    does: 'lets a known UNAME in with an empty PASSWD (PLEN 0)',
  },
  'auth-empty-field-crashes': {
    clause: 'rfc1929/2-ulen',
    does: 'crashes (resets this and every later connection) on a request with ULEN 0 or PLEN 0',
  },
  'auth-limit-127': {
    clause: 'rfc1929/2-ulen',
    does: 'closes without a STATUS when ULEN or PLEN is above 127 (a signed-length parser)',
  },
  'auth-first-chunk-only': {
    clause: 'rfc1929/2-verify',
    does: 'closes when the RFC 1929 request does not arrive in one read',
  },
  'auth-drop-coalesced-bytes': {
    clause: 'rfc1929/2-verify',
    does: 'discards bytes that arrived in the same read as the RFC 1929 request',
  },
  'auth-state-shared': {
    clause: 'rfc1929/2-verify',
    does:
      'keeps the RFC 1929 request it is reading per server, not per connection (npm socksv5 0.0.6 keeps UNAME ' +
      'and PASSWD so): when a second connection sends credentials while the first is still partial, it crashes',
  },
  'noauth-only-alongside-userpass': {
    clause: 'rfc1928/3-select-offered',
    does: "answers X'FF' to NO-AUTH offered alone, yet selects it when USERNAME/PASSWORD is offered too",
  },
} as const;
