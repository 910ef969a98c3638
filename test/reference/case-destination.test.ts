import { describe, expect, it } from 'vitest';
import { LONG_NAME, NON_ASCII_NAME } from '../../harness/model/client-case.js';
import { namesCaseDestination } from '../../harness/reference/case-destination.js';

const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('which CONNECT names the case destination', () => {
  it("a browser's background connections do not", () => {
    const target = { host: '127.0.0.1', port: 40_123 };
    expect(namesCaseDestination(target, 'clients2.google.com', 80)).toBe(false);
    expect(namesCaseDestination(target, 'www.google.com', 443)).toBe(false);
    expect(namesCaseDestination(target, '192.0.2.1', 443)).toBe(false);
  });

  it('the case port, a loopback address or a .localhost name do', () => {
    const target = { host: 'localhost', port: 40_123 };
    expect(namesCaseDestination(target, 'www.google.com', 40_123)).toBe(true);
    expect(namesCaseDestination(target, '127.0.0.1', 1)).toBe(true);
    expect(namesCaseDestination(target, '::1', 1)).toBe(true);
    expect(namesCaseDestination(target, 'LOCALHOST', 1)).toBe(true);
  });

  it('a name cut short by a wrong LEN still does', () => {
    const cutUtf16 = latin1(NON_ASCII_NAME).slice(0, NON_ASCII_NAME.length);
    expect(namesCaseDestination({ host: NON_ASCII_NAME, port: 1 }, cutUtf16, 29_700)).toBe(true);
    expect(namesCaseDestination({ host: LONG_NAME, port: 1 }, LONG_NAME.slice(0, 9), 24_929)).toBe(true);
    const pysocks = `\x89${LONG_NAME.slice(0, 195)}`;
    expect(namesCaseDestination({ host: LONG_NAME, port: 1 }, pysocks, 24_929)).toBe(true);
    expect(namesCaseDestination({ host: 'localhost', port: 1 }, '', 24_929)).toBe(true);
  });
});
