import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS_REFUSED } from '../../harness/model/capabilities.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { Method } from '../../harness/wire/constants.js';
import { runCli } from '../support/run-cli.js';

const occurrences = (text: string, what: string) => text.split(what).length - 1;

describe('credentials on the command line', () => {
  it('that the target refuses: the cases needing a login SKIP, the note once, whole reports, exit 2', async () => {
    const server = await startReferenceServer({ methods: [Method.USERNAME_PASSWORD] });
    try {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'socks-conformance-creds-')), 'run.json');
      const result = await runCli(
        [
          '--target',
          `127.0.0.1:${server.port}`,
          '--user',
          'socks',
          '--password',
          'not-the-password',
          '--only',
          'socks5/auth/success-*',
          '--only',
          'socks5/connect/echo-both-ways',
          '--json',
          file,
        ],
        { timeoutMs: 30_000 },
      );
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(CREDENTIALS_REFUSED);
      expect(occurrences(result.stdout, CREDENTIALS_REFUSED)).toBe(1);
      const document = JSON.parse(readFileSync(file, 'utf8'));
      expect(document.capabilities.credentialsAccepted).toBe(false);
      expect(document.results.length).toBe(5);
      for (const r of document.results)
        expect([r.id, r.verdict, r.kind]).toEqual([r.id, 'SKIP', 'credentials-refused']);
    } finally {
      await server.close();
    }
  });

  it('without a target: become the account of the built-in reference server, which accepts them', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'socks-conformance-creds-')), 'run.json');
    const result = await runCli(
      ['--user', 'a', '--password', 'b', '--only', 'socks5/auth/success-*', '--json', file],
      { timeoutMs: 30_000 },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document.capabilities.credentialsAccepted).toBe(true);
    expect(document.results.length).toBe(4);
    for (const r of document.results) expect([r.id, r.verdict]).toEqual([r.id, 'PASS']);
  });
});
