import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Socks4Code, Socks4Command } from '../../harness/wire/constants.js';
import {
  decodeSocks4Reply,
  decodeSocks4Request,
  describeSocks4Reply,
  describeSocks4Request,
  encodeSocks4Reply,
  encodeSocks4Request,
  isSocks4aSignal,
} from '../../harness/wire/socks4.js';
import {
  assertRobust,
  before,
  byte,
  bytes,
  expectRobust,
  junk,
  junkAfter,
  port,
  RUNS,
  sentinel,
  strictPrefixes,
  toHex,
  trailing,
} from './support.js';

const ipText = fc.tuple(byte, byte, byte, byte).map((octets) => octets.join('.'));
/** A DSTIP that is not the SOCKS4A signal 0.0.0.x (x not 0). */
const plainIp = ipText.filter((ip) => !isSocks4aSignal(ip));
const signalIp = fc.integer({ min: 1, max: 255 }).map((x) => `0.0.0.${x}`);
/** Octets without NUL, as a latin1 string. */
const field = fc
  .uint8Array({ maxLength: 255 })
  .map((raw) => Buffer.from(raw.map((b) => (b === 0 ? 1 : b))).toString('latin1'));

describe('SOCKS4 request', () => {
  it('decodes what it encodes, with or without SOCKS4A reading enabled', () => {
    fc.assert(
      fc.property(
        byte,
        byte,
        plainIp,
        port,
        field,
        fc.boolean(),
        (version, command, ip, p, userId, socks4a) => {
          const encoded = encodeSocks4Request(command, ip, p, { version, userId });
          expect(encoded.length).toBe(9 + userId.length);
          expect(decodeSocks4Request(encoded, { socks4a })).toEqual({
            kind: 'decoded',
            value: { version, command, port: p, ip, userId },
            length: encoded.length,
          });
        },
      ),
      RUNS,
    );
  });

  it('decodes a SOCKS4A request with the domain after the USERID', () => {
    fc.assert(
      fc.property(byte, signalIp, port, field, field, (command, ip, p, userId, name) => {
        const encoded = encodeSocks4Request(command, ip, p, { userId, domain: name });
        expect(encoded.length).toBe(10 + userId.length + name.length);
        expect(decodeSocks4Request(encoded, { socks4a: true })).toEqual({
          kind: 'decoded',
          value: { version: 4, command, port: p, ip, userId, domain: name },
          length: encoded.length,
        });
        // Without SOCKS4A reading, the message ends at the USERID's NUL.
        expect(decodeSocks4Request(encoded)).toMatchObject({ kind: 'decoded', length: 9 + userId.length });
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    const request = fc.oneof(
      fc.tuple(plainIp, field).map(([ip, userId]) => encodeSocks4Request(1, ip, 80, { userId })),
      fc
        .tuple(signalIp, field, field)
        .map(([ip, userId, name]) => encodeSocks4Request(1, ip, 80, { userId, domain: name })),
    );
    fc.assert(
      fc.property(request, trailing, (encoded, extra) => {
        for (const prefix of strictPrefixes(encoded)) {
          expect(decodeSocks4Request(prefix, { socks4a: true })).toEqual({ kind: 'need-more' });
        }
        expect(decodeSocks4Request(Buffer.concat([encoded, extra]), { socks4a: true })).toEqual(
          decodeSocks4Request(encoded, { socks4a: true }),
        );
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    const options = fc.record({ socks4a: fc.boolean(), maxField: fc.integer({ min: 0, max: 700 }) });
    fc.assert(
      fc.property(fc.oneof(junk, junkAfter(4)), options, before, sentinel, (input, opts, lead, after) => {
        expectRobust((b) => decodeSocks4Request(b, opts), input, lead, after);
      }),
      RUNS,
    );
  });

  it('encodes known requests byte for byte', () => {
    expect(toHex(encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', 80))).toBe(
      '04 01 00 50 7f 00 00 01 00',
    );
    expect(toHex(encodeSocks4Request(Socks4Command.BIND, '10.0.0.1', 1080, { userId: 'bob' }))).toBe(
      '04 02 04 38 0a 00 00 01 62 6f 62 00',
    );
    const socks4a = encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.1', 80, {
      userId: 'bob',
      domain: 'a.io',
    });
    expect(toHex(socks4a)).toBe('04 01 00 50 00 00 00 01 62 6f 62 00 61 2e 69 6f 00');
    expect(decodeSocks4Request(socks4a, { socks4a: true })).toEqual({
      kind: 'decoded',
      value: { version: 4, command: 1, port: 80, ip: '0.0.0.1', userId: 'bob', domain: 'a.io' },
      length: 17,
    });
  });

  it('does not read a domain for DSTIP 0.0.0.0, which is not the SOCKS4A signal', () => {
    expect(isSocks4aSignal('0.0.0.0')).toBe(false);
    expect(isSocks4aSignal('0.0.0.255')).toBe(true);
    expect(isSocks4aSignal('0.0.1.1')).toBe(false);
    expect(decodeSocks4Request(bytes('04 01 00 50 00 00 00 00 00 61 00'), { socks4a: true })).toMatchObject({
      kind: 'decoded',
      length: 9,
    });
  });

  it('encodes unterminated fields exactly, which decode as need-more', () => {
    const noUserNul = encodeSocks4Request(1, '1.2.3.4', 80, { userId: 'bob', terminateUserId: false });
    expect(toHex(noUserNul)).toBe('04 01 00 50 01 02 03 04 62 6f 62');
    expect(decodeSocks4Request(noUserNul)).toEqual({ kind: 'need-more' });
    const noDomainNul = encodeSocks4Request(1, '0.0.0.9', 80, { domain: 'ab', terminateDomain: false });
    expect(toHex(noDomainNul)).toBe('04 01 00 50 00 00 00 09 00 61 62');
    expect(decodeSocks4Request(noDomainNul, { socks4a: true })).toEqual({ kind: 'need-more' });
    expect(toHex(encodeSocks4Request(1, '1.2.3.4', 80, { version: 5 }))).toBe('05 01 00 50 01 02 03 04 00');
  });

  it('calls a field longer than maxField without NUL malformed, and accepts one of exactly maxField', () => {
    const max = 16;
    const atLimit = encodeSocks4Request(1, '1.2.3.4', 80, { userId: 'u'.repeat(max) });
    expect(decodeSocks4Request(atLimit, { maxField: max })).toMatchObject({
      kind: 'decoded',
      length: 9 + max,
    });
    const waiting = encodeSocks4Request(1, '1.2.3.4', 80, {
      userId: 'u'.repeat(max),
      terminateUserId: false,
    });
    expect(decodeSocks4Request(waiting, { maxField: max })).toEqual({ kind: 'need-more' });
    const tooLong = encodeSocks4Request(1, '1.2.3.4', 80, {
      userId: 'u'.repeat(max + 1),
      terminateUserId: false,
    });
    expect(decodeSocks4Request(tooLong, { maxField: max })).toEqual({
      kind: 'malformed',
      reason: expect.stringMatching(/USERID.*16/),
    });
    const longDomain = encodeSocks4Request(1, '0.0.0.1', 80, {
      domain: 'd'.repeat(max + 1),
      terminateDomain: false,
    });
    expect(decodeSocks4Request(longDomain, { socks4a: true, maxField: max })).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/domain/),
    });
    // The default bound is 1024 octets.
    const endless = encodeSocks4Request(1, '1.2.3.4', 80, {
      userId: 'x'.repeat(1025),
      terminateUserId: false,
    });
    expect(decodeSocks4Request(endless)).toMatchObject({ kind: 'malformed' });
    expect(decodeSocks4Request(endless.subarray(0, endless.length - 1))).toEqual({ kind: 'need-more' });
  });

  it('describes SOCKS4 and SOCKS4A requests', () => {
    expect(describeSocks4Request({ version: 4, command: 1, port: 80, ip: '127.0.0.1', userId: '' })).toBe(
      'VN=4 CD=1 DST=127.0.0.1:80 USERID=""',
    );
    expect(
      describeSocks4Request({ version: 4, command: 1, port: 80, ip: '0.0.0.1', userId: 'u', domain: 'a.io' }),
    ).toBe('VN=4 CD=1 DST="a.io" (4A, DSTIP 0.0.0.1):80 USERID="u"');
  });
});

describe('SOCKS4 reply', () => {
  it('decodes what it encodes; prefixes need more; trailing bytes are not consumed', () => {
    fc.assert(
      fc.property(byte, ipText, port, byte, trailing, (code, ip, p, version, extra) => {
        const encoded = encodeSocks4Reply(code, ip, p, version);
        expect(decodeSocks4Reply(Buffer.concat([encoded, extra]))).toEqual({
          kind: 'decoded',
          value: { version, code, port: p, ip },
          length: 8,
        });
        for (const prefix of strictPrefixes(encoded))
          expect(decodeSocks4Reply(prefix)).toEqual({ kind: 'need-more' });
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeSocks4Reply);
  });

  it('encodes and describes known replies', () => {
    expect(toHex(encodeSocks4Reply(Socks4Code.GRANTED))).toBe('00 5a 00 00 00 00 00 00');
    expect(toHex(encodeSocks4Reply(Socks4Code.REJECTED, '10.0.0.1', 8080))).toBe('00 5b 1f 90 0a 00 00 01');
    expect(describeSocks4Reply({ version: 0, code: 92, port: 1, ip: '1.2.3.4' })).toBe(
      'VN=0 CD=92 (rejected: no identd) 1.2.3.4:1',
    );
  });
});
