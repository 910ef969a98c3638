import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli/main.js');
const reference = `${process.execPath} ${cli} reference-client --scheme socks5h --proxy {proxy} --url {url}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI, bounded; `onStdout` sees each chunk (to play the client of an interactive run). */
function run(args: string[], timeoutMs = 30_000, onStdout?: (text: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socks-conformance ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

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

  it('refuses an empty report file name with exit 2 before any case runs', async () => {
    const result = await run(['client', '--exec', reference, '--junit', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('socks-conformance: --junit needs a file name');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
