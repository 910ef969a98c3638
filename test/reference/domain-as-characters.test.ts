import { describe, expect, it } from 'vitest';
import { decodeRequestCountingCharacters } from '../../harness/reference/domain-as-characters.js';
import { domain } from '../../harness/wire/address.js';
import { Command } from '../../harness/wire/constants.js';
import { decodeRequest, encodeRequest } from '../../harness/wire/socks5-request.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('the domain-length-in-characters mutant reads LEN as characters', () => {
  it('reads an ASCII name as the codec does', () => {
    const request = encodeRequest(Command.CONNECT, domain('localhost'), 80);
    expect(decodeRequestCountingCharacters(request)).toEqual(decodeRequest(request));
  });

  it('waits for octets past DST.PORT when the name has multi-octet characters', () => {
    const request = encodeRequest(Command.CONNECT, domain(utf8('ü.invalid')), 80);
    expect(decodeRequest(request).kind).toBe('decoded');
    expect(decodeRequestCountingCharacters(request)).toEqual({ kind: 'need-more' });
  });

  it('takes the port from the octets after LEN characters once they arrive', () => {
    const request = encodeRequest(Command.CONNECT, domain(utf8('ü.invalid')), 80);
    const decoded = decodeRequestCountingCharacters(Buffer.concat([request, Buffer.from([0x01])]));
    expect(decoded).toMatchObject({
      kind: 'decoded',
      length: request.length + 1,
      value: { address: { host: `${utf8('ü.invalid')}\x00` }, port: 0x5001 },
    });
  });
});
