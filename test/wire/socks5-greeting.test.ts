import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Method } from '../../harness/wire/constants.js';
import {
  decodeGreeting,
  decodeMethodSelection,
  describeGreeting,
  describeMethodSelection,
  encodeGreeting,
  encodeMethodSelection,
} from '../../harness/wire/socks5-greeting.js';
import {
  assertRobust,
  byte,
  bytes,
  junk,
  junkAfter,
  RUNS,
  strictPrefixes,
  toHex,
  trailing,
} from './support.js';

const methods = fc.array(byte, { maxLength: 255 });

describe('SOCKS5 greeting (RFC 1928 section 3)', () => {
  it('decodes what it encodes, with any version and 0..255 methods', () => {
    fc.assert(
      fc.property(methods, byte, (list, version) => {
        const encoded = encodeGreeting(list, { version });
        expect(encoded.length).toBe(2 + list.length);
        expect(decodeGreeting(encoded)).toEqual({
          kind: 'decoded',
          value: { version, methods: list },
          length: encoded.length,
        });
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    fc.assert(
      fc.property(methods, trailing, (list, extra) => {
        const encoded = encodeGreeting(list);
        for (const prefix of strictPrefixes(encoded))
          expect(decodeGreeting(prefix)).toEqual({ kind: 'need-more' });
        expect(decodeGreeting(Buffer.concat([encoded, extra]))).toEqual(decodeGreeting(encoded));
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeGreeting, fc.oneof(junk, junkAfter(5)));
  });

  it('encodes known greetings and lying overrides byte for byte', () => {
    expect(toHex(encodeGreeting([Method.NO_AUTH]))).toBe('05 01 00');
    expect(toHex(encodeGreeting([Method.NO_AUTH, Method.USERNAME_PASSWORD]))).toBe('05 02 00 02');
    expect(toHex(encodeGreeting([]))).toBe('05 00');
    expect(toHex(encodeGreeting([0], { nmethods: 5 }))).toBe('05 05 00');
    expect(toHex(encodeGreeting([0, 2], { nmethods: 0 }))).toBe('05 00 00 02');
    expect(toHex(encodeGreeting([0], { version: 4 }))).toBe('04 01 00');
    expect(decodeGreeting(encodeGreeting([0], { nmethods: 5 }))).toEqual({ kind: 'need-more' });
    expect(decodeGreeting(encodeGreeting([0, 2], { nmethods: 1 }))).toEqual({
      kind: 'decoded',
      value: { version: 5, methods: [0] },
      length: 3,
    });
  });

  it('refuses a count or method that does not fit its octet rather than send it wrapped', () => {
    expect(() => encodeGreeting(Array.from({ length: 256 }, () => 0))).toThrow(
      new RangeError('NMETHODS must fit one octet (0..255), not 256'),
    );
    expect(() => encodeGreeting([0], { nmethods: -1 })).toThrow(/^NMETHODS/);
    expect(() => encodeGreeting([256])).toThrow(/^METHOD must fit/);
    expect(toHex(encodeGreeting(Array.from({ length: 255 }, () => 0))).slice(0, 5)).toBe('05 ff');
  });

  it('describes a greeting', () => {
    expect(describeGreeting({ version: 5, methods: [0] })).toBe('VER=5 NMETHODS=1 [NO-AUTH]');
    expect(describeGreeting({ version: 5, methods: [0x02, 0x80, 0x04] })).toBe(
      "VER=5 NMETHODS=3 [USERNAME/PASSWORD, PRIVATE-X'80', UNASSIGNED-X'04']",
    );
    expect(describeGreeting({ version: 5, methods: Array.from({ length: 9 }, (_, i) => i) })).toBe(
      'VER=5 NMETHODS=9 [9 methods]',
    );
  });
});

describe('SOCKS5 method selection', () => {
  it('decodes what it encodes; prefixes need more; trailing bytes are not consumed', () => {
    fc.assert(
      fc.property(byte, byte, trailing, (method, version, extra) => {
        const encoded = encodeMethodSelection(method, version);
        expect(decodeMethodSelection(Buffer.concat([encoded, extra]))).toEqual({
          kind: 'decoded',
          value: { version, method },
          length: 2,
        });
        for (const prefix of strictPrefixes(encoded))
          expect(decodeMethodSelection(prefix)).toEqual({ kind: 'need-more' });
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeMethodSelection);
  });

  it('encodes and describes known selections', () => {
    expect(encodeMethodSelection(Method.NO_ACCEPTABLE)).toEqual(bytes('05 ff'));
    expect(describeMethodSelection({ version: 5, method: 0 })).toBe('VER=5 METHOD=NO-AUTH');
    expect(describeMethodSelection({ version: 5, method: 0xff })).toBe('VER=5 METHOD=NO-ACCEPTABLE');
    expect(describeMethodSelection({ version: 5, method: 0x80 })).toBe("VER=5 METHOD=PRIVATE-X'80'");
    expect(describeMethodSelection({ version: 5, method: 0x0a })).toBe("VER=5 METHOD=UNASSIGNED-X'0A'");
  });
});
