import ipaddr from 'ipaddr.js';
import { AddressType } from './constants.js';
import { type DecodeResult, decoded, malformed, needMore } from './decode-result.js';
import { octet } from './octet.js';

/**
 * A SOCKS address. A domain's `host` holds its octets as latin1 characters, so that every byte (NUL, non-ASCII)
 * survives an encode/decode round trip unchanged.
 */
export type Address =
  | { readonly type: 'ipv4'; readonly host: string }
  | { readonly type: 'ipv6'; readonly host: string }
  | { readonly type: 'domain'; readonly host: string };

export function ipv4(host: string): Address {
  return { type: 'ipv4', host };
}

export function ipv6(host: string): Address {
  return { type: 'ipv6', host: ipaddr.IPv6.parse(host).toString() };
}

export function domain(host: string): Address {
  return { type: 'domain', host };
}

/** The address a literal names: an IPv4 or IPv6 literal becomes that type, anything else a domain. */
export function addressOf(host: string): Address {
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return ipv4(host);
  if (ipaddr.IPv6.isValid(host)) return ipv6(host);
  return domain(host);
}

export function formatAddress(address: Address): string {
  if (address.type === 'domain') return JSON.stringify(address.host);
  return address.host;
}

export function atypOf(address: Address): number {
  if (address.type === 'ipv4') return AddressType.IPV4;
  if (address.type === 'ipv6') return AddressType.IPV6;
  return AddressType.DOMAIN;
}

export interface AddressEncoding {
  /** Overrides the ATYP octet while the address bytes stay as given. */
  readonly atyp?: number;
  /** Overrides the domain length octet (a length that lies). */
  readonly domainLength?: number;
}

/** ATYP, then DST.ADDR as RFC 1928 §5 lays it out. */
export function encodeAddress(address: Address, options: AddressEncoding = {}): Buffer {
  const atyp = options.atyp ?? atypOf(address);
  if (address.type === 'ipv4')
    return Buffer.from([octet(atyp, 'ATYP'), ...ipaddr.IPv4.parse(address.host).toByteArray()]);
  if (address.type === 'ipv6')
    return Buffer.from([octet(atyp, 'ATYP'), ...ipaddr.IPv6.parse(address.host).toByteArray()]);
  const name = Buffer.from(address.host, 'latin1');
  const length = options.domainLength ?? name.length;
  return Buffer.concat([Buffer.from([octet(atyp, 'ATYP'), octet(length, 'the domain name length')]), name]);
}

export function encodePort(port: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(port & 0xffff);
  return bytes;
}

/** The four octets at `start` as a dotted-decimal IPv4 address. */
export function dottedQuad(buffer: Uint8Array, start: number): string {
  return `${buffer[start]}.${buffer[start + 1]}.${buffer[start + 2]}.${buffer[start + 3]}`;
}

/** Octets `start` to `end` as latin1 characters, one per octet, without a copy. */
export function latin1(buffer: Uint8Array, start: number, end: number): string {
  return Buffer.from(buffer.buffer, buffer.byteOffset + start, end - start).toString('latin1');
}

export interface AddressAndPort {
  readonly address: Address;
  readonly port: number;
}

/** Decodes ATYP, DST.ADDR and DST.PORT starting at `offset`; `length` in the result counts from `offset`. */
export function decodeAddressAndPort(buffer: Uint8Array, offset: number): DecodeResult<AddressAndPort> {
  if (buffer.length < offset + 1) return needMore;
  const atyp = buffer[offset]!;
  let addressEnd: number;
  let address: Address;
  if (atyp === AddressType.IPV4) {
    addressEnd = offset + 1 + 4;
    if (buffer.length < addressEnd + 2) return needMore;
    address = ipv4(dottedQuad(buffer, offset + 1));
  } else if (atyp === AddressType.IPV6) {
    addressEnd = offset + 1 + 16;
    if (buffer.length < addressEnd + 2) return needMore;
    address = {
      type: 'ipv6',
      host: ipaddr.fromByteArray(Array.from(buffer.subarray(offset + 1, addressEnd))).toString(),
    };
  } else if (atyp === AddressType.DOMAIN) {
    if (buffer.length < offset + 2) return needMore;
    const length = buffer[offset + 1]!;
    addressEnd = offset + 2 + length;
    if (buffer.length < addressEnd + 2) return needMore;
    address = domain(latin1(buffer, offset + 2, addressEnd));
  } else {
    return malformed(`unknown ATYP X'${atyp.toString(16).padStart(2, '0').toUpperCase()}'`);
  }
  const port = (buffer[addressEnd]! << 8) | buffer[addressEnd + 1]!;
  return decoded({ address, port }, addressEnd + 2 - offset);
}

export function describeAddress(address: Address, port: number): string {
  if (address.type === 'ipv4') return `ATYP=IPv4 ${address.host}:${port}`;
  if (address.type === 'ipv6') return `ATYP=IPv6 [${address.host}]:${port}`;
  return `ATYP=DOMAIN len=${Buffer.byteLength(address.host, 'latin1')} ${JSON.stringify(address.host)}:${port}`;
}
