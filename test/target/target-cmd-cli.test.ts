import { beforeAll, describe, expect, it } from 'vitest';
import { ensureInstalled } from '../real/install.js';
import { cliPath, runCli } from '../support/run-cli.js';

const _cli = cliPath;

const run = (args: string[], timeoutMs = 30_000) => runCli(args, { timeoutMs });

/** PIDs of running processes whose command line contains `text`. */
async function processesWith(text: string): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(pid);
    } catch {}
  }
  return found;
}

let microsocks: string;

beforeAll(async () => {
  microsocks = (await ensureInstalled([{ name: 'microsocks', binary: 'microsocks' }])).microsocks!;
}, 300_000);

describe('socks-conformance --target-cmd', () => {
  it('starts microsocks on a port it picked, runs the cases and stops it', async () => {
    const result = await run([
      '--target-cmd',
      `${microsocks} -i 127.0.0.1 -p {port}`,
      '--only',
      'socks5/method/*',
    ]);
    expect(result.stderr).toBe('');
    const port = /on 127\.0\.0\.1:(\d+)\n/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`${microsocks} -i 127.0.0.1 -p {port} on 127.0.0.1:${port}`);
    // microsocks has no GSSAPI (a MUST of RFC 1928 §3). Not the split-greeting case: whether its one recv() meets
    // the greeting whole depends on when its thread runs (docs/performance.md, repeatability).
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL +socks5\/method\/gssapi-supported /);
    expect(result.stdout).toContain(
      `re-run: npx socks-conformance --target-cmd '${microsocks} -i 127.0.0.1 -p {port}'`,
    );
    expect(await processesWith(`-p ${port}`)).toEqual([]);
  }, 60_000);

  it('names the crashed case and goes on (exit 1, not 3)', async () => {
    const command = `${process.execPath} test/target/crashing-reference.mjs {port} unknown-version-crashes`;
    const result = await run(['--target-cmd', command, '--only', 'socks5/method/*']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'target crashed (killed by SIGKILL) during socks5/method/greeting-version-6; restarted',
    );
    expect(result.stdout).toMatch(/FAIL +socks5\/method\/greeting-version-6 .*the target crashed/);
  }, 60_000);

  it('refuses two targets, and a command without {port}, in one line (exit 2)', async () => {
    for (const args of [
      ['--target', '127.0.0.1:1080', '--target-cmd', 'microsocks -p {port}'],
      ['--target-cmd', 'microsocks -p 1080'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(/^socks-conformance: /);
      expect(result.stderr).not.toContain('    at ');
    }
  });

  it('says in one line that the command did not start (exit 3)', async () => {
    const result = await run(['--target-cmd', 'false {port}']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'socks-conformance: the target did not start: --target-cmd false: exited with code 1 before listening\n',
    );
  });
});
