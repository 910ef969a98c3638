import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressOf,
  atypOf,
  decodeAddressAndPort,
  describeAddress,
  domain,
  encodeAddress,
  encodePort,
  ipv4,
  ipv6,
} from '../../harness/wire/address.js';
import {
  address,
  assertRobust,
  bytes,
  domainOctets,
  ipv6Text,
  normalizedIpv6,
  port,
  RUNS,
  strictPrefixes,
  toHex,
  trailing,
} from './support.js';

const encodeBoth = (a: Parameters<typeof encodeAddress>[0], p: number) =>
  Buffer.concat([encodeAddress(a), encodePort(p)]);

describe('address codec', () => {
  it('decodes what it encodes, at any offset, with length counted from the offset', () => {
    fc.assert(
      fc.property(address, port, fc.uint8Array({ maxLength: 8 }), (a, p, lead) => {
        const encoded = encodeBoth(a, p);
        const result = decodeAddressAndPort(Buffer.concat([lead, encoded]), lead.length);
        expect(result).toEqual({ kind: 'decoded', value: { address: a, port: p }, length: encoded.length });
      }),
      RUNS,
    );
  });

  it('refuses a name longer than its length octet can count rather than send the length wrapped', () => {
    expect(() => encodeAddress(domain('a'.repeat(256)))).toThrow(
      new RangeError('the domain name length must fit one octet (0..255), not 256'),
    );
    expect(() => encodeAddress(domain('a'), { domainLength: 256 })).toThrow(/^the domain name length/);
    expect(encodeAddress(domain('a'.repeat(255))).subarray(0, 2)).toEqual(Buffer.from([3, 255]));
  });

  it('returns IPv6 in normalized form whatever text was encoded', () => {
    fc.assert(
      fc.property(ipv6Text, (text) => {
        const result = decodeAddressAndPort(encodeBoth({ type: 'ipv6', host: text }, 1), 0);
        expect(result.kind === 'decoded' && result.value.address).toEqual({
          type: 'ipv6',
          host: normalizedIpv6(text),
        });
      }),
      RUNS,
    );
    expect(ipv6('0000:0000:0000:0000:0000:0000:0000:0001').host).toBe('::1');
    expect(decodeAddressAndPort(bytes('04 20010db8000000000000000000000001 0000'), 0)).toMatchObject({
      value: { address: { type: 'ipv6', host: '2001:db8::1' } },
    });
  });

  it('keeps every domain octet, NUL and non-ASCII included', () => {
    fc.assert(
      fc.property(domainOctets, (raw) => {
        const host = Buffer.from(raw).toString('latin1');
        const encoded = encodeAddress(domain(host));
        expect(encoded.subarray(2)).toEqual(Buffer.from(raw));
        expect(encoded[1]).toBe(raw.length);
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    fc.assert(
      fc.property(address, port, trailing, (a, p, extra) => {
        const encoded = encodeBoth(a, p);
        for (const prefix of strictPrefixes(encoded))
          expect(decodeAddressAndPort(prefix, 0)).toEqual({ kind: 'need-more' });
        const result = decodeAddressAndPort(Buffer.concat([encoded, extra]), 0);
        expect(result.kind === 'decoded' && result.length).toBe(encoded.length);
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust((b) => decodeAddressAndPort(b, 0));
  });

  it('lays out IPv4, IPv6 and domain per RFC 1928 section 5', () => {
    expect(toHex(encodeAddress(ipv4('127.0.0.1')))).toBe('01 7f 00 00 01');
    expect(toHex(encodeAddress(ipv6('::1')))).toBe(`04 ${'00 '.repeat(15)}01`);
    expect(toHex(encodeAddress(domain('a.b')))).toBe('03 03 61 2e 62');
    expect(toHex(encodePort(443))).toBe('01 bb');
    expect(toHex(encodePort(65535))).toBe('ff ff');
  });

  it('encodes overridden ATYP and lying domain lengths exactly', () => {
    expect(toHex(encodeAddress(ipv4('10.0.0.1'), { atyp: 0x03 }))).toBe('03 0a 00 00 01');
    expect(toHex(encodeAddress(domain('ab'), { domainLength: 5 }))).toBe('03 05 61 62');
    expect(toHex(encodeAddress(domain('ab'), { atyp: 0x09, domainLength: 0 }))).toBe('09 00 61 62');
    // A domain length of 0 followed by the name's octets: the name's first octets are read as the port.
    expect(decodeAddressAndPort(bytes('03 00 61 62'), 0)).toEqual({
      kind: 'decoded',
      value: { address: domain(''), port: 0x6162 },
      length: 4,
    });
  });

  it('calls an unknown ATYP malformed, naming the ATYP', () => {
    for (const atyp of [0x00, 0x02, 0x05, 0xff]) {
      const result = decodeAddressAndPort(Uint8Array.from([atyp, 1, 2, 3, 4, 5, 6]), 0);
      expect(result.kind).toBe('malformed');
      expect(result.kind === 'malformed' && result.reason).toMatch(/ATYP/);
    }
  });

  it('classifies literals and describes addresses', () => {
    expect(addressOf('192.0.2.1')).toEqual(ipv4('192.0.2.1'));
    expect(addressOf('2001:DB8:0:0:0:0:0:1')).toEqual({ type: 'ipv6', host: '2001:db8::1' });
    expect(addressOf('example.com')).toEqual(domain('example.com'));
    expect([ipv4('1.2.3.4'), ipv6('::1'), domain('x')].map(atypOf)).toEqual([1, 4, 3]);
    expect(describeAddress(ipv6('::1'), 80)).toBe('ATYP=IPv6 [::1]:80');
    expect(describeAddress(domain('a\u00ff'), 1)).toBe('ATYP=DOMAIN len=2 "a\u00ff":1');
  });
});
