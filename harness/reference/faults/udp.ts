/** Faults in UDP ASSOCIATE and the RFC 1928 §7 relay. */
export const udpFaults = {} as const;
