import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { cliPath, runCli } from '../support/run-cli.js';

const run = (args: string[], timeoutMs = 20_000) => runCli(args, { timeoutMs });

function startServe(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => reject(new Error('serve did not start')), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', () => reject(new Error('serve exited early')));
  });
}

describe('the socks-conformance command', () => {
  it('is built as an executable file, as npx and the bin link need', () => {
    expect(statSync(cliPath).mode & 0o111).not.toBe(0);
  });

  it('runs against the built-in reference server and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-conformance-'));
    const file = path.join(dir, 'run.json');
    const result = await run(['--json', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/PASS +socks5\/method\/select-offered +\[rfc1928\/3-select-offered\]/);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document).toMatchObject({ tool: 'socks-conformance', schema: 2, complete: true });
    expect(document.results.length).toBeGreaterThan(10);
    for (const r of document.results) {
      for (const key of [
        'id',
        'clause',
        'level',
        'role',
        'verdict',
        'expected',
        'observed',
        'durationMs',
        'trace',
      ]) {
        expect(r).toHaveProperty(key);
      }
    }
  });

  it('lists every case with its id and clause ids, as text and as JSON', async () => {
    const text = await run(['--list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/socks5\/method\/no-acceptable-ff +rfc1928\/3-ff-none/);
    const json = await run(['--list', '--json']);
    const rows = JSON.parse(json.stdout);
    expect(rows.find((r: { id: string }) => r.id === 'socks5/method/gssapi-supported').clauses).toEqual([
      'rfc1928/3-gssapi',
      'rfc1928/3-select-offered',
    ]);
  });

  it('lists every clause with the cases that check it, or why none can', async () => {
    const text = await run(['--list', '--clauses']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/rfc1928\/3-ff-none .*\n {4}socks5\/method\/no-acceptable-ff/);
    expect(text.stdout).toMatch(/rfc1928\/6-data-encap .*\n {4}untestable: needs an established GSS-API/);
    const json = await run(['--list', '--clauses', '--json']);
    const rows = JSON.parse(json.stdout);
    expect(rows.find((r: { id: string }) => r.id === 'rfc1928/3-ff-none').status).toBe('covered');
  });

  describe('against a server that selects a method the client did not offer', () => {
    let server: ChildProcess;
    let port: number;
    beforeAll(async () => {
      port = await freeTcpPort('127.0.0.1');
      server = await startServe(['--port', String(port), '--fault', 'select-unoffered-method']);
    });
    afterAll(() => {
      server.kill('SIGKILL');
    });

    it('reports FAIL on rfc1928/3-select-offered with the trace and a re-run command, and exits 1', async () => {
      const result = await run(['--target', `127.0.0.1:${port}`, '--only', 'socks5/method/*']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL +socks5\/method\/select-offered +\[rfc1928\/3-select-offered\]/);
      expect(result.stdout).toContain('selects a method the client did not offer');
      expect(result.stdout).toContain('VER=5 NMETHODS=1 [USERNAME/PASSWORD]');
      expect(result.stdout).toContain(
        `re-run: npx socks-conformance --target 127.0.0.1:${port} --only socks5/method/select-offered`,
      );
    });
  });

  it('still writes the JSON report, marked incomplete, when interrupted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-conformance-'));
    const file = path.join(dir, 'run.json');
    const child = spawn(process.execPath, [cliPath, '--jobs', '1', '--json', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (!interrupted && stdout.includes('PASS')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toContain('run interrupted');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document.complete).toBe(false);
    expect(document.results.length).toBeGreaterThan(0);
  });

  it('exits 3 with one clear line when the target is unreachable', async () => {
    const port = await freeTcpPort('127.0.0.1');
    const result = await run(['--target', `127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it.each([
    [['--jobs', 'x']],
    [['--bogus']],
    [['--target', '127.0.0.1:70000']],
    [['--target', 'no-port']],
    [['--reference-fault', 'no-such-fault']],
    [['--timeout-multiplier', '-1']],
    [['--expect', 'bind,teleport']],
    [['--alt-source', 'not-an-address']],
    [['--clauses']],
    [['--target', '127.0.0.1:1', '--user', 'u'.repeat(256), '--password', 'p']],
    [['--target', `socks5://u:${'p'.repeat(256)}@127.0.0.1:1`]],
  ])('exits 2 on bad usage %j, without a stack trace', async (args) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.length).toBeGreaterThan(0);
  });

  it('names a username or password longer than RFC 1929 allows, without printing it', async () => {
    const password = 'ü'.repeat(128);
    const result = await run(['--target', '127.0.0.1:1', '--user', 'alice', '--password', password]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'socks-conformance: the password is 256 octets long; RFC 1929 allows 255',
    );
    expect(result.stderr).not.toContain(password);
  });
});
