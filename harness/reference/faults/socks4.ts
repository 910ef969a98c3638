/** Faults in the SOCKS4 and SOCKS4A protocols. */
export const socks4Faults = {} as const;
