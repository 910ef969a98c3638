import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../harness/model/result.js';
import { consoleStyle, Progress } from '../../harness/report/progress.js';

const cli = path.resolve('dist/cli/main.js');

const result = (id: string, verdict: CaseResult['verdict']) =>
  ({ id, clause: 'c', verdict, durationMs: 1, expected: [], reason: 'm' }) as unknown as CaseResult;

/** Runs the CLI under a pseudo-terminal (`script` from util-linux), so that stdout is a TTY. */
function runOnTty(args: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', `${process.execPath} ${cli} ${args}`, '/dev/null'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '', ...env },
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('progress on the console', () => {
  it('on a terminal keeps a status line of cases done and failures so far below the result lines', () => {
    let out = '';
    const progress = new Progress({
      total: 3,
      style: { live: true, colour: true, quiet: false },
      write: (t) => (out += t),
    });
    progress.result(result('a', 'PASS'));
    progress.result(result('b', 'FAIL'));
    expect(out).toContain('\x1b[31mFAIL');
    expect(out.endsWith('  2/3 cases done · 1 FAIL so far')).toBe(true);
    progress.finish();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes plain lines otherwise', () => {
    let out = '';
    const progress = new Progress({
      total: 2,
      style: { live: false, colour: false, quiet: false },
      write: (t) => (out += t),
    });
    progress.result(result('a', 'PASS'));
    progress.finish();
    expect(out).toBe('PASS        a  [c]  1ms\n');
  });

  it('is live only on a terminal without NO_COLOR, --ci and --quiet', () => {
    expect(consoleStyle(true, {}, {}).live).toBe(true);
    expect(consoleStyle(false, {}, {}).live).toBe(false);
    expect(consoleStyle(true, { ci: true }, {}).live).toBe(false);
    expect(consoleStyle(true, { quiet: true }, {}).live).toBe(false);
    expect(consoleStyle(true, {}, { NO_COLOR: '1' }).live).toBe(false);
  });

  it('colours as FORCE_COLOR says, then NO_COLOR, then the terminal', () => {
    expect(consoleStyle(true, {}, {}).colour).toBe(true);
    expect(consoleStyle(false, {}, {}).colour).toBe(false);
    expect(consoleStyle(false, {}, { FORCE_COLOR: '1' }).colour).toBe(true);
    expect(consoleStyle(false, { ci: true }, { FORCE_COLOR: '' }).colour).toBe(true);
    expect(consoleStyle(true, {}, { FORCE_COLOR: '0' }).colour).toBe(false);
    expect(consoleStyle(true, {}, { NO_COLOR: '1', FORCE_COLOR: '1' }).colour).toBe(true);
    expect(consoleStyle(true, {}, { NO_COLOR: '1' }).colour).toBe(false);
  });

  it('with --quiet writes no line per case', () => {
    let out = '';
    const progress = new Progress({
      total: 1,
      style: { live: false, colour: false, quiet: true },
      write: (t) => (out += t),
    });
    progress.result(result('a', 'FAIL'));
    progress.finish();
    expect(out).toBe('');
  });

  it('the CLI on a pseudo-terminal shows the status line, and plain lines with --ci or NO_COLOR', async () => {
    const live = await runOnTty("--only 'socks5/method/*'");
    expect(live).toMatch(/\d+\/\d+ cases done · 0 FAIL so far/);
    expect(live).toContain('\x1b[32mPASS');
    for (const plain of [
      await runOnTty("--only 'socks5/method/*' --ci"),
      await runOnTty("--only 'socks5/method/*'", { NO_COLOR: '1' }),
    ]) {
      expect(plain).toContain('PASS');
      expect(plain).not.toContain('cases done');
      expect(plain).not.toContain('\x1b[');
    }
  });
});
