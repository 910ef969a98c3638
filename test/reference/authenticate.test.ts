import { describe, expect, it } from 'vitest';
import { authenticates } from '../../harness/reference/authenticate.js';
import { type ReferenceConfig, referenceConfig } from '../../harness/reference/config.js';
import type { Fault } from '../../harness/reference/faults.js';

const users = { alice: 'secret' };
const config = (faults: Fault[] = []): ReferenceConfig => referenceConfig({ users, faults: new Set(faults) });
const request = (username: string, password: string, version = 1) => ({ version, username, password });

describe('RFC 1929 credential check of the reference server', () => {
  it('accepts a known account with its password, and nothing else', () => {
    expect(authenticates(request('alice', 'secret'), config())).toBe(true);
    expect(authenticates(request('alice', 'wrong'), config())).toBe(false);
    expect(authenticates(request('bob', 'secret'), config())).toBe(false);
  });

  it('refuses a request of another VER, even with the right credentials', () => {
    expect(authenticates(request('alice', 'secret', 5), config())).toBe(false);
  });

  it('refuses an empty UNAME or PASSWD, which no account can have', () => {
    const withEmpty = referenceConfig({ users: { '': 'x', alice: '' } });
    expect(authenticates(request('', 'x'), withEmpty)).toBe(false);
    expect(authenticates(request('alice', ''), withEmpty)).toBe(false);
  });

  it('lets a known account in with an empty PASSWD only under auth-accept-empty-password', () => {
    expect(authenticates(request('alice', ''), config(['auth-accept-empty-password']))).toBe(true);
    expect(authenticates(request('bob', ''), config(['auth-accept-empty-password']))).toBe(false);
  });

  it('accepts anything under auth-accept-any', () => {
    expect(authenticates(request('', '', 5), config(['auth-accept-any']))).toBe(true);
  });
});
