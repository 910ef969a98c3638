import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domain, ipv4, ipv6 } from '../../harness/wire/address.js';
import {
  decodeUdpDatagram,
  describeFragment,
  describeUdpDatagram,
  encodeUdpDatagram,
} from '../../harness/wire/udp-header.js';
import { address, before, byte, bytes, expectRobust, junk, port, RUNS, sentinel, toHex } from './support.js';

const data = fc.uint8Array({ maxLength: 600 });
const reserved = fc.integer({ min: 0, max: 0xffff });

/** Octets taken by RSV, FRAG, ATYP, DST.ADDR and DST.PORT. */
function headerLength(encoded: Uint8Array, payload: Uint8Array): number {
  return encoded.length - payload.length;
}

describe('SOCKS5 UDP request header (RFC 1928 section 7)', () => {
  it('decodes what it encodes, any FRAG, RSV and data, taking the whole datagram', () => {
    fc.assert(
      fc.property(address, port, data, byte, reserved, (a, p, payload, fragment, rsv) => {
        const encoded = encodeUdpDatagram(a, p, payload, { fragment, reserved: rsv });
        expect(decodeUdpDatagram(encoded)).toEqual({
          kind: 'decoded',
          value: { reserved: rsv, fragment, address: a, port: p, data: Buffer.from(payload) },
          length: encoded.length,
        });
      }),
      RUNS,
    );
  });

  it('calls a datagram cut inside its header malformed, never need-more', () => {
    fc.assert(
      fc.property(address, port, data, (a, p, payload) => {
        const encoded = encodeUdpDatagram(a, p, payload);
        const header = headerLength(encoded, payload);
        for (let n = 0; n < header; n++) {
          expect(decodeUdpDatagram(encoded.subarray(0, n))).toMatchObject({ kind: 'malformed' });
        }
      }),
      RUNS,
    );
  });

  it('takes whatever follows the header as DATA: a shorter or longer datagram is still whole', () => {
    fc.assert(
      fc.property(
        address,
        port,
        data,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (a, p, payload, cut, extra) => {
          const encoded = encodeUdpDatagram(a, p, payload);
          const header = headerLength(encoded, payload);
          const shorter = encoded.subarray(0, header + (cut % (payload.length + 1)));
          expect(decodeUdpDatagram(shorter)).toMatchObject({
            kind: 'decoded',
            value: { data: Buffer.from(shorter.subarray(header)) },
            length: shorter.length,
          });
          const longer = Buffer.concat([encoded, extra]);
          expect(decodeUdpDatagram(longer)).toMatchObject({
            kind: 'decoded',
            value: { data: Buffer.concat([payload, extra]) },
            length: longer.length,
          });
        },
      ),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    const startsLikeHeader = fc
      .tuple(fc.constantFrom(1, 3, 4), fc.uint8Array({ maxLength: 596 }))
      .map(([atyp, rest]) => Uint8Array.from([0, 0, 0, atyp, ...rest]));
    fc.assert(
      fc.property(fc.oneof(junk, startsLikeHeader), before, sentinel, (input, lead, after) => {
        expectRobust(decodeUdpDatagram, input, lead, after);
      }),
      RUNS,
    );
  });

  it('encodes known datagrams and overrides byte for byte', () => {
    expect(toHex(encodeUdpDatagram(ipv4('127.0.0.1'), 53, bytes('ab')))).toBe(
      '00 00 00 01 7f 00 00 01 00 35 ab',
    );
    expect(toHex(encodeUdpDatagram(domain('a'), 7, bytes(''), { fragment: 0x81 }))).toBe(
      '00 00 81 03 01 61 00 07',
    );
    expect(toHex(encodeUdpDatagram(ipv6('::'), 1, bytes(''), { reserved: 0x1234 }))).toBe(
      `12 34 00 04 ${'00 '.repeat(16)}00 01`,
    );
    expect(toHex(encodeUdpDatagram(ipv4('1.2.3.4'), 1, bytes('ff'), { atyp: 0x02 }))).toBe(
      '00 00 00 02 01 02 03 04 00 01 ff',
    );
    expect(toHex(encodeUdpDatagram(domain('ab'), 1, bytes(''), { domainLength: 9 }))).toBe(
      '00 00 00 03 09 61 62 00 01',
    );
  });

  it('rejects an unknown ATYP, a short datagram and a lying domain length', () => {
    expect(
      decodeUdpDatagram(encodeUdpDatagram(ipv4('1.2.3.4'), 1, bytes('ff'), { atyp: 0x02 })),
    ).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/ATYP/),
    });
    expect(decodeUdpDatagram(bytes('00 00 00'))).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/3 octets/),
    });
    expect(
      decodeUdpDatagram(encodeUdpDatagram(domain('ab'), 1, bytes(''), { domainLength: 9 })),
    ).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/truncated/),
    });
  });

  it('describes fragments and datagrams', () => {
    expect(describeFragment(0)).toBe('FRAG=0 (standalone)');
    expect(describeFragment(1)).toBe('FRAG=1');
    expect(describeFragment(0x83)).toBe('FRAG=3 (end of sequence)');
    expect(
      describeUdpDatagram({
        reserved: 0,
        fragment: 0,
        address: ipv4('1.2.3.4'),
        port: 53,
        data: bytes('0102'),
      }),
    ).toBe('RSV=0 FRAG=0 (standalone) ATYP=IPv4 1.2.3.4:53 DATA=2 octets');
  });
});
