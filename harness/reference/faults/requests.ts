/** Faults in RFC 1928 §4–§6 requests and replies, and CONNECT. */
export const requestsFaults = {} as const;
