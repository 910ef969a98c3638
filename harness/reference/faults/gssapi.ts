/** Faults in the RFC 1961 GSS-API message framing. */
export const gssapiFaults = {} as const;
