import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { expect } from 'vitest';
import { type Address, domain, ipv4, ipv6 } from '../../harness/wire/address.js';
import type { DecodeResult } from '../../harness/wire/decode-result.js';

/** Runs per property; the brief asks for at least 1000. */
export const RUNS = { numRuns: 1000 } as const;

export function bytes(hexString: string): Buffer {
  return Buffer.from(hexString.replace(/\s+/g, ''), 'hex');
}

export function toHex(buffer: Uint8Array): string {
  return Buffer.from(buffer)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}

export const byte = fc.integer({ min: 0, max: 255 });
export const port = fc.integer({ min: 0, max: 65535 });

const ipv4Address: fc.Arbitrary<Address> = fc
  .tuple(byte, byte, byte, byte)
  .map((octets) => ipv4(octets.join('.')));

/** IPv6 text in full eight-group form, zero-padded or not: never the normalized form for most addresses. */
export const ipv6Text: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean())
  .map(([raw, padded]) => {
    const groups = [];
    for (let i = 0; i < 16; i += 2) {
      const group = ((raw[i]! << 8) | raw[i + 1]!).toString(16);
      groups.push(padded ? group.padStart(4, '0').toUpperCase() : group);
    }
    return groups.join(':');
  });

/** IPv6 addresses as `ipv6()` builds them, in normalized form, which is what a decode must give back. */
const ipv6Address: fc.Arbitrary<Address> = ipv6Text.map(ipv6);

/** Domains of 0..255 arbitrary octets, held as latin1 strings. */
export const domainOctets = fc.uint8Array({ maxLength: 255 });
const domainAddress: fc.Arbitrary<Address> = domainOctets.map((raw) =>
  domain(Buffer.from(raw).toString('latin1')),
);

export const address: fc.Arbitrary<Address> = fc.oneof(ipv4Address, ipv6Address, domainAddress);

/** RFC 5952 text for an IPv6 address, computed independently of the codec. */
export function normalizedIpv6(host: string): string {
  return ipaddr.IPv6.parse(host).toRFC5952String();
}

/** Arbitrary bytes the robustness properties feed to decoders. */
export const junk = fc.uint8Array({ maxLength: 600 });

/** Junk that starts with a chosen version octet, so decoders get past their first checks more often. */
export function junkAfter(...leading: number[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...leading), fc.uint8Array({ maxLength: 599 }))
    .map(([first, rest]) => Uint8Array.from([first, ...rest]));
}

/**
 * Decodes `input` as a view into a larger buffer with other bytes before and sentinel bytes after it, and as a
 * standalone copy; a decoder that reads outside its view gives different results for the two.
 */
function decodeBothWays<T>(
  decoder: (buffer: Uint8Array) => DecodeResult<T>,
  input: Uint8Array,
  before: Uint8Array,
  sentinel: Uint8Array,
): { view: DecodeResult<T>; copy: DecodeResult<T> } {
  const backing = new Uint8Array(before.length + input.length + sentinel.length);
  backing.set(before, 0);
  backing.set(input, before.length);
  backing.set(sentinel, before.length + input.length);
  const view = backing.subarray(before.length, before.length + input.length);
  return { view: decoder(view), copy: decoder(Uint8Array.from(input)) };
}

/**
 * Sentinels chosen to change a decoder's answer if it reads them: NUL terminates SOCKS4 fields, and small or
 * large values complete or lengthen counted fields; plus arbitrary bytes.
 */
export const sentinel = fc.oneof(
  fc.constant(new Uint8Array(300).fill(0x00)),
  fc.constant(new Uint8Array(300).fill(0x01)),
  fc.constant(new Uint8Array(300).fill(0xff)),
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
);
export const before = fc.uint8Array({ maxLength: 16 });

/** Strict prefixes of an encoding, every one of them. */
export function strictPrefixes(encoded: Uint8Array): Uint8Array[] {
  const prefixes = [];
  for (let n = 0; n < encoded.length; n++) prefixes.push(encoded.subarray(0, n));
  return prefixes;
}

export const trailing = fc.uint8Array({ minLength: 1, maxLength: 64 });

/** No throw (the caller's property fails if it does), no read outside the view, no length past the input. */
export function expectRobust<T>(
  decoder: (buffer: Uint8Array) => DecodeResult<T>,
  input: Uint8Array,
  prefix: Uint8Array,
  after: Uint8Array,
): DecodeResult<T> {
  const { view, copy } = decodeBothWays(decoder, input, prefix, after);
  expect(view).toEqual(copy);
  if (copy.kind === 'decoded') {
    expect(copy.length).toBeGreaterThan(0);
    expect(copy.length).toBeLessThanOrEqual(input.length);
  }
  return copy;
}

/** The robustness property for one decoder: arbitrary input (by default any 0..600 octets) at 1,000 runs. */
export function assertRobust<T>(
  decoder: (buffer: Uint8Array) => DecodeResult<T>,
  inputs: fc.Arbitrary<Uint8Array> = junk,
): void {
  fc.assert(
    fc.property(inputs, before, sentinel, (input, lead, after) => {
      expectRobust(decoder, input, lead, after);
    }),
    RUNS,
  );
}
