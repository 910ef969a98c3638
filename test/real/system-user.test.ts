import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedPassword } from './system-user.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the machine-wide password of a throwaway account', () => {
  it('is the same for every caller, even when they ask at once, and readable by its owner alone', async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'socks-conformance-user-')), 'store');
    const passwords = await Promise.all(Array.from({ length: 8 }, () => sharedPassword('socksconf', dir)));
    expect(new Set(passwords).size).toBe(1);
    expect(passwords[0]).toMatch(/^[0-9a-f]{24}$/);
    expect(await sharedPassword('socksconf', dir)).toBe(passwords[0]);
    expect((await stat(path.join(dir, 'socksconf.password'))).mode & 0o777).toBe(0o600);
  });

  it('differs between accounts', async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'socks-conformance-user-')), 'store');
    expect(await sharedPassword('a', dir)).not.toBe(await sharedPassword('b', dir));
  });
});
