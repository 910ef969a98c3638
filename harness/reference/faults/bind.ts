/** Faults in the RFC 1928 §6 BIND command. */
export const bindFaults = {
  'bind-first-port-zero': {
    clause: 'rfc1928/6-bind-first',
    does: 'names BND.PORT 0 in the first reply instead of the port it listens on',
  },
  'bind-first-bnd-any': {
    clause: 'rfc1928/6-bind-first',
    does: 'names BND.ADDR 0.0.0.0 in the first reply instead of the address it listens on',
  },
  'bind-names-dst': {
    clause: 'rfc1928/6-bind-first',
    does: 'answers BIND with a first reply naming DST as BND, and never listens',
  },
  'bind-second-reply-early': {
    clause: 'rfc1928/6-bind-second',
    does: 'sends a second reply (REP 00, BND 0.0.0.0:0) right after the first, before any peer connects',
  },
  'bind-no-second-reply': {
    clause: 'rfc1928/6-bind-second',
    does: 'relays the peer without sending a second reply',
  },
  'bind-second-bnd-listener': {
    clause: 'rfc1928/6-bind-second',
    does: "names its listening address and port in the second reply instead of the peer's",
  },
  'bind-peer-to-client-only': {
    clause: 'rfc1928/6-bind-second',
    does: "after the second reply relays only the peer's data to the client; the client's data is discarded",
  },
  'bind-drop-early-data': {
    clause: 'rfc1928/6-success-data',
    does: 'discards the data the client sent before the second reply',
  },
  'bind-accept-any-peer': {
    clause: 'rfc1928/6-bind-eval',
    does: 'accepts the inbound connection from any host, whatever DST.ADDR names',
  },
} as const;
