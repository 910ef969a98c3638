import type { Address } from '../wire/address.js';
import { isOnThisHost } from './on-this-host.js';
import { resolveName } from './resolve-name.js';

export type ResolvedDestination = { readonly host: string; readonly family: 4 | 6 } | undefined;

/**
 * The IP address a UDP request header names, resolving a domain within `timeoutMs`; undefined when the name
 * does not resolve in time or the destination is off this host (the datagram is then dropped, silently:
 * RFC 1928 §7).
 */
export async function resolveDestination(address: Address, timeoutMs: number): Promise<ResolvedDestination> {
  if (address.type !== 'domain' && !isOnThisHost(address.host)) return undefined;
  if (address.type === 'ipv4') return { host: address.host, family: 4 };
  if (address.type === 'ipv6') return { host: address.host, family: 6 };
  const resolved = await resolveName(address.host, timeoutMs);
  if (!resolved.ok) return undefined;
  const [first] = resolved.addresses;
  return { host: first!.address, family: first!.family };
}
