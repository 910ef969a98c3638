/** Host names for DOMAINNAME and SOCKS4A cases: one the target can resolve, one it cannot. */
export interface TargetNames {
  /** Resolves on the target's host to an address where the echo network listens. */
  resolvable: string;
  /** Never resolves: `.invalid` is reserved (RFC 6761). */
  unresolvable: string;
}

export const defaultTargetNames: TargetNames = {
  resolvable: 'localhost',
  unresolvable: 'socks-conformance-nonexistent.invalid',
};

export function targetNames(overrides: Partial<TargetNames> = {}): TargetNames {
  return { ...defaultTargetNames, ...overrides };
}
