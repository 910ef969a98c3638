import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureInstalled } from '../real/install.js';

/** Debian's chromium, installed with the bounded apt-get helper when missing. */
export async function ensureChromium(): Promise<string> {
  const found = await ensureInstalled([{ name: 'chromium', binary: 'chromium' }], 300_000);
  return found.chromium!;
}

/**
 * Flags that keep headless Chromium on this host: no sandbox (the tests run as root), no background
 * networking, and every name and proxy pointed at loopback, so a page that tried to fetch anything could not.
 */
const offline = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=127.0.0.1:9',
  '--hide-scrollbars',
];

/** Runs chromium on a file:// URL with `args`, killed after `timeoutMs`; resolves to its stdout. */
export function chromium(binary: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const profile = mkdtempSync(path.join(tmpdir(), 'socks-chromium-'));
  return new Promise<string>((resolve, reject) => {
    const child = spawn(binary, [...offline, `--user-data-dir=${profile}`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 50_000_000) stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`chromium ${args.join(' ')} ended with ${signal ?? code}: ${stderr}`));
    });
  }).finally(() => rmSync(profile, { recursive: true, force: true }));
}
