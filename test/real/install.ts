import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface DebianPackage {
  /** The Debian package that provides `binary`. */
  readonly name: string;
  readonly binary: string;
  /** Whether the package is installed, for a package whose `binary` is not its own (a Python module). */
  readonly present?: () => boolean;
}

/** Daemons live in /usr/sbin, which a non-login PATH may lack. */
const searchPath = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin'].filter(Boolean);

export function findBinary(binary: string): string | undefined {
  for (const dir of searchPath) {
    const file = path.join(dir, binary);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

interface Ran {
  readonly ok: boolean;
  readonly summary: string;
}

/** Runs an apt-get command to completion or until `timeoutMs`, then kills it. */
function aptGet(args: readonly string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn('apt-get', ['-o', 'DPkg::Lock::Timeout=60', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) =>
      resolve({ ok: false, summary: `apt-get could not start: ${error.message}` }),
    );
    child.on('close', (code, signal) => {
      const how = signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited ${code}`;
      const tail = output.trim().split('\n').slice(-5).join('\n  ');
      resolve({ ok: code === 0, summary: `apt-get ${args.join(' ')} ${how}\n  ${tail}` });
    });
  });
}

/**
 * Installs with apt-get the packages whose binary is missing; runs `apt-get update` once only if the first
 * install fails. Resolves to the path of every binary; rejects with apt-get's last lines if it cannot.
 */
export async function ensureInstalled(
  packages: readonly DebianPackage[],
  timeoutMs = 120_000,
): Promise<Record<string, string>> {
  const missing = packages
    .filter((p) => (p.present ? !p.present() : !findBinary(p.binary)))
    .map((p) => p.name);
  if (missing.length > 0) {
    const install = ['install', '-y', '--no-install-recommends', ...missing];
    let ran = await aptGet(install, timeoutMs);
    if (!ran.ok) {
      const update = await aptGet(['update'], timeoutMs);
      ran = update.ok ? await aptGet(install, timeoutMs) : update;
    }
    if (!ran.ok) throw new Error(`could not install ${missing.join(', ')}: ${ran.summary}`);
    const absent = packages.filter((p) => p.present && !p.present()).map((p) => p.name);
    if (absent.length > 0) throw new Error(`${absent.join(', ')} installed but not found`);
  }
  const found: Record<string, string> = {};
  for (const p of packages) {
    const file = findBinary(p.binary);
    if (!file) throw new Error(`${p.name} is installed but ${p.binary} is not on ${searchPath.join(':')}`);
    found[p.binary] = file;
  }
  return found;
}
