import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceFetch } from '../../harness/reference/reference-client.js';
import { cliPath, runCli } from '../support/run-cli.js';

const reference = `${process.execPath} ${cliPath} reference-client --scheme socks5h --proxy {proxy} --url {url}`;

/** Runs the built CLI, bounded; `onStdout` sees each chunk (to play the client of an interactive run). */
const run = (args: string[], timeoutMs = 30_000, onStdout?: (text: string) => void) =>
  runCli(args, { timeoutMs, ...(onStdout ? { onStdout: (text) => onStdout(text) } : {}) });

/** An interactive run: stdin and stdout are a terminal, as when a person runs `client` without --exec. */
const runOnTerminal = (args: string[], timeoutMs = 30_000, onStdout?: (text: string) => void) =>
  runCli(args, { timeoutMs, tty: true, ...(onStdout ? { onStdout: (text) => onStdout(text) } : {}) });

describe('socks-conformance client (the built CLI)', () => {
  it('writes every report format of a client run with --out, and a named one with --tap', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'client-reports-'));
    const tap = path.join(dir, 'named.tap');
    const result = await run([
      'client',
      '--exec',
      reference,
      '--only',
      'client/socks5/method/*',
      '--exclude',
      'client/socks5/method/method-space',
      '--exclude',
      'client/socks5/method/offers-gssapi',
      '--out',
      dir,
      '--tap',
      tap,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'socks-conformance.json'), 'utf8'));
    expect(json).toMatchObject({ mode: 'client', target: reference, client: reference, profile: 'client' });
    expect(json.capabilities).toBeUndefined();
    expect(readFileSync(tap, 'utf8')).toMatch(/^TAP version 14\n1\.\.3\n/);
    expect(readFileSync(tap, 'utf8')).toContain('ok 1 - client/socks5/method/greeting-format');
    const junit = readFileSync(path.join(dir, 'socks-conformance.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="socks-conformance');
    expect(junit).toContain('tests="3" failures="0"');
    expect(readFileSync(path.join(dir, 'socks-conformance.md'), 'utf8')).toContain('| 3 |');
    const html = readFileSync(path.join(dir, 'socks-conformance.html'), 'utf8');
    expect(html).toContain('client/socks5/method/ff-closes');
    expect(html).toContain('client run: the harness played the server');
  });

  it('lists every clause with the client cases that check it, or why none can, as text and JSON', async () => {
    const text = await run(['client', '--list', '--clauses']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /rfc1929\/2-after-02 .*\n {4}client\/socks5\/auth\/no-subnegotiation-after-00\n/,
    );
    expect(text.stdout).toMatch(/socks4\/bind-req .*\n {4}untestable: SOCKS4 BIND is issued by applications/);
    expect(text.stdout).toMatch(/rfc1928\/3-ff-none .*\n {4}not a client clause\n/);
    const json = await run(['client', '--list', '--clauses', '--json']);
    const rows: { id: string; status: string; cases: string[]; reason?: string }[] = JSON.parse(json.stdout);
    expect(rows.find((r) => r.id === 'rfc1928/errata-3198')).toMatchObject({
      status: 'covered',
      cases: ['client/socks5/udp/ipv6-header'],
    });
    expect(rows.find((r) => r.id === 'rfc1961/5-conf')?.reason).toMatch(/KDC/);
    expect(rows.filter((r) => r.status === 'not covered')).toEqual([]);
    expect((await run(['client', '--clauses'])).code).toBe(2);
  });

  it('refuses an empty report file name with exit 2 before any case runs', async () => {
    const result = await run(['client', '--exec', reference, '--junit', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('socks-conformance: --junit needs a file name');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('without --exec, announces each case and judges the client a person (here the test) points at it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'client-interactive-'));
    const json = path.join(dir, 'run.json');
    const played: Promise<unknown>[] = [];
    const announcement = /── (\S+): .*\n {3}proxy (127\.0\.0\.1):(\d+) .*\n {3}fetch (\S+) /g;
    const result = await runOnTerminal(
      [
        'client',
        '--only',
        'client/socks5/method/ff-closes',
        '--only',
        'client/socks5/request/format',
        '--json',
        json,
      ],
      60_000,
      (stdout) => {
        const found = [...stdout.matchAll(announcement)];
        for (const [, , host, port, url] of found.slice(played.length))
          played.push(
            referenceFetch({
              scheme: 'socks5',
              proxy: { host: host!, port: Number(port) },
              url: url!,
              user: 'socks-user',
              password: 'conformance-pw',
              timeoutMs: 5000,
            }),
          );
      },
    );
    await Promise.all(played);
    expect(played).toHaveLength(2);
    expect(result.stdout).toContain('waiting up to 60 s for a connection');
    expect(result.code).toBe(0);
    const document = JSON.parse(readFileSync(json, 'utf8'));
    const byId = Object.fromEntries(document.results.map((r: { id: string; verdict: string }) => [r.id, r]));
    expect(byId['client/socks5/method/ff-closes'].verdict).toBe('PASS');
    expect(byId['client/socks5/request/format'].verdict).toBe('PASS');
    // The exit status and output of the client are not seen: those checks are left out.
    expect(JSON.stringify(document.results)).not.toContain('exit 0');
  });

  it('an interactive case that nobody connects to is an ERROR, bounded by the scaled wait (exit 3)', async () => {
    const started = performance.now();
    const result = await runOnTerminal([
      'client',
      '--only',
      'client/socks5/method/ff-closes',
      '--timeout-multiplier',
      '0.05',
    ]);
    expect(result.stdout).toContain('waiting up to 3 s for a connection');
    expect(result.stdout).toMatch(/ERROR\s+client\/socks5\/method\/ff-closes/);
    expect(result.code).toBe(3);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('without --exec and with no one at a terminal is a usage error at once, not a wait per case (exit 2)', async () => {
    const result = await run(['client', '--only', 'client/socks5/method/ff-closes']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'socks-conformance: client needs --exec COMMAND when no one is at a terminal to point a client at each case (stdin is not a TTY)',
    );
    expect(result.stdout).toBe('');
  });

  it('--failure-output makes a client that exits 0 but prints its failure report that failure', async () => {
    const exitsZero = `${reference} --fault exit-zero-on-failure`;
    const only = ['--only', 'client/socks5/reply/rep-05-refused'];
    const silent = await run(['client', '--exec', exitsZero, ...only]);
    expect(silent.stdout).toMatch(/FAIL\s+client\/socks5\/reply\/rep-05-refused/);
    expect(silent.code).toBe(1);
    const told = await run(['client', '--exec', exitsZero, '--failure-output', 'the proxy refused', ...only]);
    expect(told.stdout).toMatch(/PASS\s+client\/socks5\/reply\/rep-05-refused/);
    expect(told.code).toBe(0);
  });

  it('an invalid --failure-output is a usage error (exit 2) on one line', async () => {
    const result = await run(['client', '--exec', reference, '--failure-output', 'ERR_(']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'socks-conformance: --failure-output "ERR_(" is not a regular expression: /ERR_(/u: Unterminated group',
    );
    expect(result.stdout).toBe('');
  });

  it('a selection that names no client case is a usage error (exit 2)', async () => {
    const result = await run(['client', '--exec', reference, '--only', 'client/socks5/nope/*']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'socks-conformance: --only client/socks5/nope/* selects no case (--list shows the case ids)',
    );
  });
});
