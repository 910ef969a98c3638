import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { Address } from '../wire/address.js';

export type ResolvedDestination = { readonly host: string; readonly family: 4 | 6 } | undefined;

/**
 * The IP address a UDP request header names, resolving a domain within `timeoutMs`; undefined when the name
 * does not resolve in time (the datagram is then dropped, silently: RFC 1928 §7).
 */
export async function resolveDestination(address: Address, timeoutMs: number): Promise<ResolvedDestination> {
  if (address.type === 'ipv4') return { host: address.host, family: 4 };
  if (address.type === 'ipv6') return { host: address.host, family: 6 };
  if (address.host.length === 0 || address.host.includes('\0')) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), timeoutMs);
  });
  const resolved = lookup(address.host).then(
    (found) => ({ host: found.address, family: net.isIPv6(found.address) ? (6 as const) : (4 as const) }),
    () => undefined,
  );
  try {
    return await Promise.race([resolved, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
