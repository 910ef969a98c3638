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
  readonly env?: Readonly<Record<string, string>>;
  /** Called with all stdout so far after each chunk, e.g. to interrupt the run at a given line. */
  readonly onStdout?: (stdout: string, child: ChildProcess) => void;
}

/** Runs the built CLI as a child with stdin closed; bounded by `timeoutMs`. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
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
