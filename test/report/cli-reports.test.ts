import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../support/run-cli.js';
import { expectValidJunit, parseTap } from './report-checks.js';

const _cli = cliPath;

/** Runs the built CLI; with `interruptAfter`, sends SIGINT once stdout shows that text. */
function run(args: string[], interruptAfter?: string, timeoutMs = 60_000) {
  let interrupted = false;
  return runCli(args, {
    timeoutMs,
    onStdout: (stdout, child) => {
      if (interruptAfter && !interrupted && stdout.includes(interruptAfter)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    },
  });
}

const names = ['json', 'tap', 'xml', 'md', 'html'].map((ext) => `socks-conformance.${ext}`);
const read = (dir: string, ext: string) => readFileSync(path.join(dir, `socks-conformance.${ext}`), 'utf8');

describe('report options of the CLI', () => {
  it('--out DIR writes every format of a run against a mutant, with --tap naming one file apart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-reports-'));
    const tap = path.join(dir, 'apart', 'run.tap');
    const result = await run([
      '--reference-fault',
      'select-unoffered-method',
      '--only',
      'socks5/method/*',
      '--out',
      dir,
      '--tap',
      tap,
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(existsSync(path.join(dir, 'socks-conformance.tap'))).toBe(false);
    const document = JSON.parse(read(dir, 'json'));
    expect(document.complete).toBe(true);
    const failing = document.results.filter((r: { verdict: string }) => r.verdict === 'FAIL');
    expect(failing.length).toBeGreaterThan(0);
    const { points } = await parseTap(readFileSync(tap, 'utf8'));
    expect(points.filter((p) => !p.ok)).toHaveLength(failing.length);
    await expectValidJunit(read(dir, 'xml'));
    expect(read(dir, 'md')).toContain('`socks5/method/select-offered`');
    expect(result.stdout).toContain(`TAP report: ${tap}`);
  });

  it('an interrupted run still writes every report, marked incomplete, but no baseline', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-reports-'));
    const baseline = path.join(dir, 'baseline.json');
    const result = await run(['--jobs', '1', '--out', dir, '--write-baseline', baseline], 'PASS');
    expect(result.code).toBe(130);
    expect(existsSync(baseline)).toBe(false);
    expect(result.stdout).toContain('baseline not written');
    for (const name of names) expect(existsSync(path.join(dir, name)), name).toBe(true);
    const document = JSON.parse(read(dir, 'json'));
    expect(document.complete).toBe(false);
    const { final, points } = await parseTap(read(dir, 'tap'));
    expect(final.bailout).toContain('interrupted');
    expect(points).toHaveLength(document.results.length);
    const xml = read(dir, 'xml');
    await expectValidJunit(xml);
    expect(xml).toContain('<property name="complete" value="false"/>');
    expect(read(dir, 'md')).toContain('**Incomplete run:** interrupted');
  });

  it('--certify writes the certification report for the product named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-reports-'));
    const file = path.join(dir, 'certificate.html');
    const args = [
      '--only',
      'socks5/method/*',
      '--certify',
      file,
      '--product',
      'Acme',
      '--product-version',
      '1.0',
    ];
    const result = await run(args);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Acme 1.0 conforms to every MUST-level clause of RFC 1928');
  });

  it.each([[['--tap', '']], [['--json']], [['--certify', 'x.html']], [['--product', 'Acme']]])(
    'exits 2 on %j with one line',
    async (args) => {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );
});
