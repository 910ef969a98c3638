import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAuthRequest,
  decodeAuthResponse,
  describeAuthRequest,
  describeAuthResponse,
  encodeAuthRequest,
  encodeAuthResponse,
} from '../../harness/wire/rfc1929.js';
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

/** Drops code points from the end until the UTF-8 form fits in 255 octets. */
function fit255(text: string): string {
  const points = Array.from(text);
  while (Buffer.byteLength(points.join(''), 'utf8') > 255) points.pop();
  return points.join('');
}

/** Arbitrary well-formed strings whose UTF-8 is 0..255 octets: any code points, or long ASCII runs. */
const credential = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 255 }), fc.string({ unit: 'binary-ascii', maxLength: 255 }))
  .map(fit255);

describe('RFC 1929 username/password request', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(credential, credential, byte, (username, password, version) => {
        const encoded = encodeAuthRequest(username, password, { version });
        expect(encoded.length).toBe(3 + Buffer.byteLength(username) + Buffer.byteLength(password));
        expect(decodeAuthRequest(encoded)).toEqual({
          kind: 'decoded',
          value: { version, username, password },
          length: encoded.length,
        });
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    fc.assert(
      fc.property(credential, credential, trailing, (username, password, extra) => {
        const encoded = encodeAuthRequest(username, password);
        for (const prefix of strictPrefixes(encoded))
          expect(decodeAuthRequest(prefix)).toEqual({ kind: 'need-more' });
        expect(decodeAuthRequest(Buffer.concat([encoded, extra]))).toEqual(decodeAuthRequest(encoded));
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeAuthRequest, fc.oneof(junk, junkAfter(1)));
  });

  it('encodes known requests and lying lengths byte for byte', () => {
    expect(toHex(encodeAuthRequest('bob', 'pw'))).toBe('01 03 62 6f 62 02 70 77');
    expect(toHex(encodeAuthRequest('', ''))).toBe('01 00 00');
    expect(toHex(encodeAuthRequest('é', ''))).toBe('01 02 c3 a9 00');
    expect(toHex(encodeAuthRequest('bob', 'pw', { usernameLength: 2 }))).toBe('01 02 62 6f 62 02 70 77');
    expect(toHex(encodeAuthRequest('bob', 'pw', { passwordLength: 9, version: 5 }))).toBe(
      '05 03 62 6f 62 09 70 77',
    );
    // ULEN 2 makes the last username octet read as PLEN ('b' = 98): the decoder waits for 98 octets.
    expect(decodeAuthRequest(encodeAuthRequest('bob', 'pw', { usernameLength: 2 }))).toEqual({
      kind: 'need-more',
    });
    expect(decodeAuthRequest(bytes('01 01 61 00 ff'))).toEqual({
      kind: 'decoded',
      value: { version: 1, username: 'a', password: '' },
      length: 4,
    });
  });

  it('sends octets given as octets, and refuses a length that does not fit its octet', () => {
    expect(toHex(encodeAuthRequest(bytes('ff 00'), bytes('c3')))).toBe('01 02 ff 00 01 c3');
    expect(() => encodeAuthRequest('u'.repeat(256), 'pw')).toThrow(
      new RangeError('ULEN must fit one octet (0..255), not 256'),
    );
    expect(() => encodeAuthRequest('bob', 'é'.repeat(128))).toThrow(/^PLEN must fit one octet/);
    expect(() => encodeAuthRequest('bob', 'pw', { usernameLength: 300 })).toThrow(/^ULEN/);
    expect(toHex(encodeAuthRequest('u'.repeat(255), '')).slice(0, 5)).toBe('01 ff');
  });

  it('never shows the password in its description: only its length shows through', () => {
    fc.assert(
      fc.property(credential, credential, (username, password) => {
        const text = describeAuthRequest({ version: 1, username, password });
        const stand = 'x'.repeat(Buffer.byteLength(password));
        expect(text).toBe(describeAuthRequest({ version: 1, username, password: stand }));
        expect(text).toMatch(/ PASSWD=<redacted>$/);
      }),
      RUNS,
    );
    expect(describeAuthRequest({ version: 1, username: 'bob', password: 'hunter2' })).toBe(
      'VER=1 ULEN=3 UNAME="bob" PLEN=7 PASSWD=<redacted>',
    );
  });
});

describe('RFC 1929 response', () => {
  it('decodes what it encodes; prefixes need more; trailing bytes are not consumed', () => {
    fc.assert(
      fc.property(byte, byte, trailing, (status, version, extra) => {
        const encoded = encodeAuthResponse(status, version);
        expect(decodeAuthResponse(Buffer.concat([encoded, extra]))).toEqual({
          kind: 'decoded',
          value: { version, status },
          length: 2,
        });
        for (const prefix of strictPrefixes(encoded))
          expect(decodeAuthResponse(prefix)).toEqual({ kind: 'need-more' });
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeAuthResponse);
  });

  it('encodes and describes known responses', () => {
    expect(toHex(encodeAuthResponse(0))).toBe('01 00');
    expect(toHex(encodeAuthResponse(1))).toBe('01 01');
    expect(describeAuthResponse({ version: 1, status: 0 })).toBe('VER=1 STATUS=0 (success)');
    expect(describeAuthResponse({ version: 1, status: 2 })).toBe('VER=1 STATUS=2 (failure)');
  });
});
