import ipaddr from 'ipaddr.js';
import type { Address } from '../wire/address.js';
import { resolveName } from './resolve-name.js';

/** An address as the OS reports it, with an IPv4-mapped IPv6 address shown as the IPv4 address it maps. */
export function plainAddress(host: string): string {
  return ipaddr.isValid(host) ? ipaddr.process(host).toString() : host;
}

async function addressesOf(dst: Address, timeoutMs: number): Promise<string[]> {
  if (dst.type !== 'domain') return [plainAddress(dst.host)];
  const resolved = await resolveName(dst.host, timeoutMs);
  return resolved.ok ? resolved.addresses.map((a) => plainAddress(a.address)) : [];
}

const isUnspecified = (dst: Address) =>
  dst.type !== 'domain' && ipaddr.isValid(dst.host) && ipaddr.process(dst.host).range() === 'unspecified';

/**
 * RFC 1928 §6: "a SOCKS server will use DST.ADDR and DST.PORT in evaluating the BIND request". The reference
 * accepts the inbound connection only from the host DST.ADDR names, or from any host when DST.ADDR is
 * unspecified (0.0.0.0 or ::: the client does not know it). DST.PORT, the port of the primary connection, says
 * nothing about the port the peer connects from, so it is not compared.
 */
export async function peerAllowed(dst: Address, peerAddress: string, timeoutMs: number): Promise<boolean> {
  if (isUnspecified(dst)) return true;
  return (await addressesOf(dst, timeoutMs)).includes(plainAddress(peerAddress));
}
