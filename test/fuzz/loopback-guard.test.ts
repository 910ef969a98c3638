import { describe, expect, it } from 'vitest';
import { isHostOnlyName, readsAsLoopbackOnly } from '../../suites/fuzz/loopback-guard.js';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');
const greeting = hex('05 01 00');

describe('the loopback guard', () => {
  it('lets loopback, 0.0.0.0, ::1 and host-only names through', () => {
    expect(readsAsLoopbackOnly([greeting, hex('05 01 00 01 7f 00 00 01 00 50')])).toBe(true);
    expect(readsAsLoopbackOnly([greeting, hex('05 01 00 01 00 00 00 00 00 50')])).toBe(true);
    expect(readsAsLoopbackOnly([greeting, hex(`05 01 00 04 ${'00'.repeat(15)}01 00 50`)])).toBe(true);
    expect(['', 'localhost', 'a.invalid', '\0x.invalid', 'localhost\0.invalid'].every(isHostOnlyName)).toBe(
      true,
    );
  });

  it('stops an input any reading of which names another host', () => {
    expect(readsAsLoopbackOnly([greeting, hex('05 01 00 01 08 08 08 08 00 35')])).toBe(false);
    // A request cut after ATYP whose address comes from the data behind it.
    expect(readsAsLoopbackOnly([greeting, hex('05 01 00 01'), hex('0a 00 00 01 00 50')])).toBe(false);
    // A SOCKS4 reading of a mutated greeting: DSTIP 0.0.5.1 leaves the host on Linux.
    expect(readsAsLoopbackOnly([hex('04 01 00'), hex('00 00 00'), hex('05 01 00')])).toBe(false);
    expect(['example.com', 'example.com\0.invalid', 'localhost.example'].some(isHostOnlyName)).toBe(false);
  });

  it('reads the first octets as a greeting, never as a SOCKS5 request, and checks what follows it', () => {
    // 05 01 00 then the RFC 1929 request 01 05 's' 'o' 'c' 'k' …: as a request at offset 0 it would name
    // 5.115.111.99, but a SOCKS5 server reads those octets as the greeting.
    const auth = Buffer.concat([hex('01 05'), Buffer.from('socks'), hex('01'), Buffer.from('x')]);
    expect(readsAsLoopbackOnly([greeting, auth, hex('05 01 00 01 7f 00 00 01 00 50')])).toBe(true);
    expect(readsAsLoopbackOnly([greeting, auth, hex('05 01 00 01 08 08 08 08 00 35')])).toBe(false);
    // A SOCKS4 request for port 1 (00 01): a SOCKS5 server reads VER 04, NMETHODS 01, METHODS 00 first.
    expect(readsAsLoopbackOnly([hex('04 01 00 01 7f 00 00 01 00')])).toBe(true);
    // Whatever VER the greeting has, the request after it is read: here 01 08 08 08 08 as an IPv4 address.
    expect(readsAsLoopbackOnly([hex('07 01 00'), hex('05 01 00 01 08 08 08 08 00 35')])).toBe(false);
  });

  it('accepts DSTIP 0.0.0.x only as the signal of a SOCKS4A request with a host-only name', () => {
    expect(
      readsAsLoopbackOnly([hex(`04 01 00 50 00 00 00 01 00 ${Buffer.from('localhost').toString('hex')} 00`)]),
    ).toBe(true);
    expect(
      readsAsLoopbackOnly([
        hex(`04 01 00 50 00 00 00 01 00 ${Buffer.from('example.com').toString('hex')} 00`),
      ]),
    ).toBe(false);
    expect(readsAsLoopbackOnly([hex('04 01 00 50 00 00 00 01 00')])).toBe(false);
  });
});
