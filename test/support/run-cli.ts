import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The built CLI, as `npx socks-conformance` runs it. */
export const cliPath = path.resolve('dist/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The run is killed and the promise rejected after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Variables set for the run; one set to `undefined` is removed. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with all stdout so far after each chunk, e.g. to interrupt the run at a given line. */
  readonly onStdout?: (stdout: string, child: ChildProcess) => void;
  /**
   * Run under a pseudo-terminal (`script` from util-linux), so that stdin and stdout are a TTY; stderr then
   * arrives in stdout, whose line ends are given back as `\n`.
   */
  readonly tty?: boolean;
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs the built CLI as a child with stdin closed; bounded by `timeoutMs`. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const env = options.env
    ? Object.fromEntries(
        Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined),
      )
    : undefined;
  return new Promise((resolve, reject) => {
    const command = [process.execPath, cliPath, ...args];
    const child = options.tty
      ? spawn('script', ['-qefc', command.map(shellQuote).join(' '), '/dev/null'], {
          stdio: ['pipe', 'pipe', 'pipe'],
          detached: true,
          ...(env ? { env } : {}),
        })
      : spawn(process.execPath, [cliPath, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(env ? { env } : {}),
        });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += options.tty ? String(d).replace(/\r\n/g, '\n') : d;
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      if (options.tty && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
      reject(new Error(`socks-conformance ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
