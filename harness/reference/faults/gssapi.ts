/** Faults in the RFC 1961 GSS-API message framing. */
export const gssapiFaults = {
  'gssapi-abort-with-length': {
    clause: 'rfc1961/3.8-abort',
    does: "sends the abort as 4 octets, X'01' X'FF' with a zero length field",
  },
  'gssapi-abort-version-5': { clause: 'rfc1961/3.8-abort', does: "sends the abort with ver X'05'" },
  'gssapi-close-without-abort': {
    clause: 'rfc1961/3.8-abort',
    does: 'refuses a context token by closing, without the abort message',
  },
  'gssapi-abort-stays-open': {
    clause: 'rfc1961/3.8-abort',
    does: 'keeps the connection open after the abort message',
  },
  'gssapi-continue-any-version': {
    clause: 'rfc1961/3.4-frame',
    does: 'answers an authentication message of any ver with a continuation token',
  },
  'gssapi-continue-any-mtyp': {
    clause: 'rfc1961/3.4-frame',
    does: 'answers a message of an undefined mtyp with a continuation token',
  },
  'gssapi-protection-before-context': {
    clause: 'rfc1961/4.3-prot-frame',
    does: 'answers a protection-level message (mtyp 02) before any context exists with a level of its own',
  },
  'gssapi-encap-before-context': {
    clause: 'rfc1961/5-encap',
    does: 'serves encapsulated data (mtyp 03) before any context exists, answering with an encapsulated reply',
  },
  'gssapi-crash-on-partial': {
    clause: 'rfc1961/3.4-frame',
    does: 'crashes (resets this and every later connection) when a message arrives incomplete',
  },
} as const;
