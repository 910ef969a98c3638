/** Faults in the RFC 1929 username/password sub-negotiation. */
export const authFaults = {
  'auth-response-version-5': { clause: 'rfc1929/2-ver', does: 'answers the RFC 1929 request with VER 5' },
  'auth-response-trailing-byte': { clause: 'rfc1929/2-resp', does: 'sends a 3-octet RFC 1929 response' },
  'auth-accept-any': { clause: 'rfc1929/2-verify', does: 'answers STATUS 00 whatever the credentials' },
  'auth-fail-stays-open': {
    clause: 'rfc1929/2-fail-close',
    does: 'keeps the connection open after STATUS not 00',
  },
  'auth-fail-serves-request': {
    clause: 'rfc1929/2-fail-close',
    does: 'after STATUS not 00, goes on to read and serve the request',
  },
} as const;
