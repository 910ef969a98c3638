import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domain, ipv4, ipv6 } from '../../harness/wire/address.js';
import { Command, Reply } from '../../harness/wire/constants.js';
import {
  decodeReply,
  decodeRequest,
  describeReply,
  describeRequest,
  encodeReply,
  encodeRequest,
} from '../../harness/wire/socks5-request.js';
import {
  address,
  assertRobust,
  byte,
  bytes,
  junk,
  junkAfter,
  port,
  RUNS,
  strictPrefixes,
  toHex,
  trailing,
} from './support.js';

describe('SOCKS5 request (RFC 1928 section 4)', () => {
  it('decodes what it encodes for every ATYP, command, version and RSV', () => {
    fc.assert(
      fc.property(byte, address, port, byte, byte, (command, a, p, version, reserved) => {
        const encoded = encodeRequest(command, a, p, { version, reserved });
        expect(decodeRequest(encoded)).toEqual({
          kind: 'decoded',
          value: { version, command, reserved, address: a, port: p },
          length: encoded.length,
        });
      }),
      RUNS,
    );
  });

  it('needs more for every strict prefix, and ignores trailing bytes', () => {
    fc.assert(
      fc.property(byte, address, port, trailing, (command, a, p, extra) => {
        const encoded = encodeRequest(command, a, p);
        for (const prefix of strictPrefixes(encoded))
          expect(decodeRequest(prefix)).toEqual({ kind: 'need-more' });
        expect(decodeRequest(Buffer.concat([encoded, extra]))).toEqual(decodeRequest(encoded));
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeRequest, fc.oneof(junk, junkAfter(5)));
  });

  it('encodes known requests byte for byte', () => {
    expect(toHex(encodeRequest(Command.CONNECT, ipv4('127.0.0.1'), 80))).toBe(
      '05 01 00 01 7f 00 00 01 00 50',
    );
    expect(toHex(encodeRequest(Command.CONNECT, domain('example.com'), 443))).toBe(
      '05 01 00 03 0b 65 78 61 6d 70 6c 65 2e 63 6f 6d 01 bb',
    );
    expect(toHex(encodeRequest(Command.UDP_ASSOCIATE, ipv4('0.0.0.0'), 0))).toBe(
      '05 03 00 01 00 00 00 00 00 00',
    );
    expect(decodeRequest(bytes('05 02 00 03 00 1f 90'))).toEqual({
      kind: 'decoded',
      value: { version: 5, command: Command.BIND, reserved: 0, address: domain(''), port: 8080 },
      length: 7,
    });
  });

  it('encodes overridden VER, RSV, ATYP and domain length exactly', () => {
    const target = ipv4('10.1.2.3');
    expect(toHex(encodeRequest(Command.CONNECT, target, 80, { version: 4 }))).toBe(
      '04 01 00 01 0a 01 02 03 00 50',
    );
    expect(toHex(encodeRequest(Command.CONNECT, target, 80, { reserved: 0xff }))).toBe(
      '05 01 ff 01 0a 01 02 03 00 50',
    );
    expect(toHex(encodeRequest(Command.CONNECT, target, 80, { atyp: 0x04 }))).toBe(
      '05 01 00 04 0a 01 02 03 00 50',
    );
    expect(toHex(encodeRequest(Command.CONNECT, domain('ab'), 80, { domainLength: 200 }))).toBe(
      '05 01 00 03 c8 61 62 00 50',
    );
    // The lying length makes the decoder wait for octets that never come, or stop early.
    expect(decodeRequest(encodeRequest(Command.CONNECT, domain('ab'), 80, { domainLength: 200 }))).toEqual({
      kind: 'need-more',
    });
    expect(decodeRequest(encodeRequest(Command.CONNECT, domain('ab'), 80, { domainLength: 1 }))).toEqual({
      kind: 'decoded',
      value: { version: 5, command: 1, reserved: 0, address: domain('a'), port: 0x6200 },
      length: 8,
    });
  });

  it('calls an unknown ATYP malformed, naming it', () => {
    const result = decodeRequest(encodeRequest(Command.CONNECT, ipv4('1.2.3.4'), 80, { atyp: 0x05 }));
    expect(result).toEqual({ kind: 'malformed', reason: expect.stringMatching(/ATYP X'05'/) });
    expect(decodeRequest(bytes('05 01 00 00'))).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/ATYP/),
    });
  });

  it('describes a request', () => {
    expect(
      describeRequest({ version: 5, command: 1, reserved: 0, address: ipv4('127.0.0.1'), port: 80 }),
    ).toBe('VER=5 CMD=CONNECT RSV=0 ATYP=IPv4 127.0.0.1:80');
    expect(describeRequest({ version: 5, command: 9, reserved: 1, address: domain('x'), port: 1 })).toBe(
      'VER=5 CMD=UNDEFINED-CMD-X\'09\' RSV=1 ATYP=DOMAIN len=1 "x":1',
    );
  });
});

describe('SOCKS5 reply (RFC 1928 section 6)', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(byte, address, port, byte, (reply, a, p, reserved) => {
        const encoded = encodeReply(reply, a, p, { reserved });
        expect(decodeReply(encoded)).toEqual({
          kind: 'decoded',
          value: { version: 5, reply, reserved, address: a, port: p },
          length: encoded.length,
        });
        for (const prefix of strictPrefixes(encoded))
          expect(decodeReply(prefix)).toEqual({ kind: 'need-more' });
      }),
      RUNS,
    );
  });

  it('never throws nor reads past its view on arbitrary bytes', () => {
    assertRobust(decodeReply, fc.oneof(junk, junkAfter(5)));
  });

  it('encodes an IPv6 ::1 reply byte for byte and decodes it back', () => {
    const encoded = encodeReply(Reply.SUCCEEDED, ipv6('::1'), 1080);
    expect(toHex(encoded)).toBe(`05 00 00 04 ${'00 '.repeat(15)}01 04 38`);
    expect(decodeReply(encoded)).toEqual({
      kind: 'decoded',
      value: { version: 5, reply: 0, reserved: 0, address: { type: 'ipv6', host: '::1' }, port: 1080 },
      length: 22,
    });
    expect(describeReply({ version: 5, reply: 5, reserved: 0, address: ipv6('::1'), port: 1 })).toBe(
      'VER=5 REP=5 (connection refused) RSV=0 BND ATYP=IPv6 [::1]:1',
    );
  });
});
