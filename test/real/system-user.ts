import { spawn } from 'node:child_process';

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
 * A throwaway system account (no home, no login shell) with this password, for servers that check RFC 1929
 * credentials against the system's accounts. An existing account of that name is reused.
 */
export async function ensureSystemUser(name: string, password: string): Promise<void> {
  if ((await run('id', ['-u', name])) !== 0)
    await mustRun('useradd', ['-M', '-s', '/usr/sbin/nologin', name]);
  await mustRun('chpasswd', [], `${name}:${password}\n`);
}
