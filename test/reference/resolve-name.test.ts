import { describe, expect, it } from 'vitest';
import { isUnderInvalid, resolveName } from '../../harness/reference/resolve-name.js';

describe("the reference server's name resolution", () => {
  it('knows the names under .invalid (RFC 6761 §6.4), in any case and with a trailing dot', () => {
    expect(['invalid', 'x.invalid', 'A.B.INVALID', 'x.invalid.'].every(isUnderInvalid)).toBe(true);
    expect(['xinvalid', 'invalid.example', 'localhost', ''].some(isUnderInvalid)).toBe(false);
  });

  it('fails a name under .invalid, an empty name and one with a NUL without asking the resolver', async () => {
    const asked: string[] = [];
    const lookup = async (name: string) => {
      asked.push(name);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    for (const name of ['socks-conformance-nonexistent.invalid', '', 'localhost\0.invalid', 'localhost\0x'])
      expect(await resolveName(name, 1000, lookup)).toEqual({ ok: false, code: 'ENOTFOUND' });
    expect(asked).toEqual([]);
    expect(await resolveName('localhost', 1000, lookup)).toEqual({
      ok: true,
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
    expect(asked).toEqual(['localhost']);
  });

  it('resolves localhost with the system resolver, and gives up on a slow one at its deadline', async () => {
    const local = await resolveName('localhost', 5000);
    expect(local.ok && local.addresses.every((a) => a.address === '127.0.0.1' || a.address === '::1')).toBe(
      true,
    );
    const never = () => new Promise<never>(() => {});
    expect(await resolveName('slow.localhost', 50, never)).toEqual({ ok: false, code: 'ETIMEDOUT' });
  });

  it('refuses a name off this host without asking the resolver: the reference reaches localhost only', async () => {
    const asked: string[] = [];
    const lookup = async (name: string) => {
      asked.push(name);
      return [{ address: '192.0.2.1', family: 4 }];
    };
    for (const name of ['example.com', 'localhost.example', '\x05\x01', '192.0.2.1'])
      expect(await resolveName(name, 1000, lookup)).toEqual({ ok: false, code: 'EOFFHOST' });
    expect(await resolveName('127.0.0.2', 1000, lookup)).toEqual({
      ok: true,
      addresses: [{ address: '127.0.0.2', family: 4 }],
    });
    expect(asked).toEqual([]);
  });
});
