import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Runs a command with `input` on stdin; resolves to its exit code, rejects if it hangs past `timeoutMs`. */
function run(command: string, args: readonly string[], input?: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (signal) reject(new Error(`${command} was killed (${signal}) after ${timeoutMs} ms`));
      else resolve(code ?? 1);
    });
    // A command that exits before reading its input must not fail the write.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

async function mustRun(command: string, args: readonly string[], input?: string): Promise<void> {
  const code = await run(command, args, input);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}`);
}

/**
 * Where the password of each throwaway account is kept, readable by root alone. Every process on the machine that
 * needs the account (tests, bench, expectation refreshes, several clones at once) uses the same password, so none
 * of them changes it under another's running server.
 */
const PASSWORD_DIR = '/var/lib/socks-conformance';

export async function sharedPassword(name: string, dir = PASSWORD_DIR): Promise<string> {
  const file = path.join(dir, `${name}.password`);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${randomBytes(12).toString('hex')}\n`, { mode: 0o600 });
  // link() publishes the complete file or fails because another process published first: readers never see half.
  await link(draft, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await unlink(draft);
  return (await readFile(file, 'utf8')).trim();
}

/** The throwaway account `name` with its machine-wide password (see `ensureSystemUser`). */
export async function sharedSystemUser(name: string): Promise<{ username: string; password: string }> {
  const password = await sharedPassword(name);
  await ensureSystemUser(name, password);
  return { username: name, password };
}

/**
 * A throwaway system account (no home, no login shell) with this password, for servers that check RFC 1929
 * credentials against the system's accounts. An existing account of that name is reused.
 */
export async function ensureSystemUser(name: string, password: string): Promise<void> {
  if ((await run('id', ['-u', name])) !== 0)
    await mustRun('useradd', ['-M', '-s', '/usr/sbin/nologin', name]);
  await mustRun('chpasswd', [], `${name}:${password}\n`);
}
