import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GssMessageType } from '../../harness/wire/constants.js';
import {
  decodeGssMessage,
  describeGssMessage,
  encodeGssAbort,
  encodeGssMessage,
} from '../../harness/wire/rfc1961.js';
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

/** Any MTYP but X'FF', which is the abort and has no LEN or token. */
const messageType = fc.integer({ min: 0, max: 0xfe });
/** Tokens of every size up to the 16-bit LEN's limit, weighted towards small ones. */
const token = fc.oneof(
  { weight: 9, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }).map((n) => new Uint8Array(n).fill(n & 0xff)) },
);

describe('RFC 1961 GSS-API message framing', () => {
  it('decodes what it encodes, tokens up to 65535 octets', () => {
    fc.assert(
      fc.property(messageType, token, byte, (type, body, version) => {
        const encoded = encodeGssMessage(type, body, { version });
        expect(encoded.length).toBe(4 + body.length);
        const result = decodeGssMessage(encoded);
        if (result.kind !== 'decoded' || result.value.kind !== 'message')
          throw new Error(`not decoded: ${result.kind}`);
        const { token: decodedToken, ...rest } = result.value;
        expect(rest).toEqual({ kind: 'message', version, type });
        // Buffer.equals rather than toEqual: a deep compare of 64 KiB tokens is slow.
        expect(decodedToken.equals(body)).toBe(true);
        expect(result.length).toBe(encoded.length);
      }),
      RUNS,
    );
    const largest = encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(65535).fill(7));
    expect(toHex(largest.subarray(0, 4))).toBe('01 01 ff ff');
    expect(decodeGssMessage(largest)).toMatchObject({ kind: 'decoded', length: 65539 });
  });

  it('decodes the abort, any version', () => {
    fc.assert(
      fc.property(byte, trailing, (version, extra) => {
        const encoded = encodeGssAbort(version);
        expect(toHex(encoded)).toBe(toHex(Uint8Array.from([version, 0xff])));
        expect(decodeGssMessage(Buffer.concat([encoded, extra]))).toEqual({
          kind: 'decoded',
          value: { kind: 'abort', version },
          length: 2,
        });
        expect(decodeGssMessage(encoded.subarray(0, 1))).toEqual({ kind: 'need-more' });
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    fc.assert(
      fc.property(messageType, fc.uint8Array({ maxLength: 64 }), trailing, (type, body, extra) => {
        const encoded = encodeGssMessage(type, body);
        for (const prefix of strictPrefixes(encoded))
          expect(decodeGssMessage(prefix)).toEqual({ kind: 'need-more' });
        expect(decodeGssMessage(Buffer.concat([encoded, extra]))).toEqual(decodeGssMessage(encoded));
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeGssMessage, fc.oneof(junk, junkAfter(1)));
  });

  it('encodes known messages and lying lengths byte for byte', () => {
    expect(toHex(encodeGssMessage(GssMessageType.AUTHENTICATION, bytes('aa bb')))).toBe('01 01 00 02 aa bb');
    expect(toHex(encodeGssMessage(GssMessageType.PROTECTION, bytes('')))).toBe('01 02 00 00');
    expect(toHex(encodeGssAbort())).toBe('01 ff');
    expect(toHex(encodeGssMessage(1, bytes('aa bb'), { length: 5 }))).toBe('01 01 00 05 aa bb');
    expect(toHex(encodeGssMessage(1, bytes('aa bb'), { length: 0x1234, version: 2 }))).toBe(
      '02 01 12 34 aa bb',
    );
    expect(decodeGssMessage(encodeGssMessage(1, bytes('aa bb'), { length: 5 }))).toEqual({
      kind: 'need-more',
    });
    expect(decodeGssMessage(encodeGssMessage(3, bytes('aa bb'), { length: 1 }))).toEqual({
      kind: 'decoded',
      value: { kind: 'message', version: 1, type: 3, token: bytes('aa') },
      length: 5,
    });
  });

  it('describes messages and the abort', () => {
    expect(describeGssMessage({ kind: 'message', version: 1, type: 1, token: bytes('aabb') })).toBe(
      'VER=1 MTYP=authentication LEN=2',
    );
    expect(describeGssMessage({ kind: 'message', version: 1, type: 9, token: bytes('') })).toBe(
      "VER=1 MTYP=X'09' LEN=0",
    );
    expect(describeGssMessage({ kind: 'abort', version: 1 })).toBe("VER=1 MTYP=X'FF' (abort)");
  });
});
