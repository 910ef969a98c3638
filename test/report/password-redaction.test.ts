import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED_NOTE } from '../../harness/net/redact.js';
import type { Fault } from '../../harness/reference/faults.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runCli } from '../support/run-cli.js';

const username = 'tester';
const password = 'Zq7-hunter2-secret';

/** Every form a report could carry the password in: text, hex with and without spaces (any case), base64. */
function forms(octets: Buffer): string[] {
  const hex = octets.toString('hex');
  const base64 = octets.toString('base64');
  return [octets.toString('utf8'), hex, hex.match(/../g)!.join(' '), base64, base64.replace(/=+$/, '')].map(
    (form) => form.toLowerCase(),
  );
}

const secret = Buffer.from(password, 'utf8');
const searched = [...forms(secret), ...forms(secret.subarray(0, 8))];

describe('a target that echoes the RFC 1929 request back', () => {
  it.each<Fault>(['auth-response-echoes-request', 'auth-failure-echoes-request'])(
    'on %s, no report of any format holds the password',
    async (fault) => {
      const server = await startReferenceServer({
        faults: new Set([fault]),
        users: { [username]: password },
      });
      const dir = mkdtempSync(path.join(tmpdir(), 'socks-redaction-'));
      try {
        const run = await runCli(
          [
            '--target',
            `127.0.0.1:${server.port}`,
            '--user',
            username,
            '--password',
            password,
            '--only',
            'socks5/auth/*',
            '--out',
            dir,
            '--certify',
            path.join(dir, 'certificate.html'),
            '--product',
            'echoing server',
          ],
          { timeoutMs: 90_000 },
        );
        expect(run.code, run.stderr).toBe(1);
        const document = JSON.parse(readFileSync(path.join(dir, 'socks-conformance.json'), 'utf8'));
        const verdictOf = (id: string) => document.results.find((r: { id: string }) => r.id === id)?.verdict;
        expect(verdictOf('socks5/auth/failure-response-format')).toBe('FAIL');
        const files = readdirSync(dir);
        expect(files).toHaveLength(6);
        const reports = [
          ...files.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') })),
          { name: 'console', text: run.stdout + run.stderr },
        ];
        for (const { name, text } of reports) {
          const lower = text.toLowerCase();
          for (const form of searched) expect(lower.includes(form), `${name} holds ${form}`).toBe(false);
        }
        // The echo stays in the trace: its length kept, its octets marked as a password's.
        const echo = document.results.find((r: { id: string }) => r.id === 'socks5/auth/request-version-5');
        expect(JSON.stringify(echo.trace)).toContain(
          `{"redacted":${secret.length},"note":"${REDACTED_NOTE}"}`,
        );
      } finally {
        await server.close();
      }
    },
    120_000,
  );
});
