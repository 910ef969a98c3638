/** Faults in RFC 1928 §4–§6 requests and replies, and CONNECT. */
export const requestsFaults = {
  'failure-stays-open': {
    clause: 'rfc1928/6-reply-close-10s',
    does: 'keeps the connection open after a failure reply',
  },
} as const;
