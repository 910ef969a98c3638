/** Faults in the RFC 1928 §6 BIND command. */
export const bindFaults = {} as const;
