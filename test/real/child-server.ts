import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { awaitExit, hasExited, keepTail } from '../../harness/process/process-group.js';
import { waitListening } from '../../harness/target/wait-listening.js';
import { withLoopbackResolver } from './loopback-resolver.js';

/**
 * A server process started by this process on loopback, stopped by its PID, resolving names on loopback only
 * (loopback-resolver.ts).
 */
export interface ChildServer {
  readonly pid: number;
  readonly port: number;
  /** The last few KiB of its stdout and stderr, for error messages. */
  output(): string;
  /** How the process ended (`exited with code 1`, `killed by SIGSEGV`); undefined while it runs. */
  exitReason(): string | undefined;
  /** Waits at most `timeoutMs` for the process to end; how it ended, if it did. */
  awaitExit(timeoutMs: number): Promise<string | undefined>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /**
   * For a server that forks workers and exits before they do (Dante): run it as PID 1 of its own PID namespace
   * under `unshare`, so that when it exits the kernel kills and reaps every worker. Orphans would otherwise go
   * to this host's PID 1, which does not reap them promptly.
   */
  readonly ownPidNamespace?: boolean;
  readonly readyMs?: number;
}

function exitReason(child: ChildProcess): string | undefined {
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  return child.exitCode !== null ? `exited with code ${child.exitCode}` : undefined;
}

/** The only child of `unshare --fork`: the server (the shell that exec'd it), as this PID namespace numbers it. */
function forkedChild(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {}
}

/**
 * Spawns `command` and resolves once 127.0.0.1:`port` accepts TCP connections; rejects, after stopping it, if
 * it exits first or is not listening within `readyMs`.
 */
export async function startChildServer(
  command: string,
  args: readonly string[],
  port: number,
  options: ChildOptions = {},
): Promise<ChildServer> {
  const argv = await withLoopbackResolver(
    [command, ...args],
    options.ownPidNamespace ? ['--pid', '--fork', '--kill-child'] : [],
  );
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = keepTail(4000);
  child.stdout.on('data', output.add);
  child.stderr.on('data', output.add);
  let failure: Error | undefined;
  child.on('error', (error) => {
    failure = error;
  });
  const serverPid = () =>
    options.ownPidNamespace && child.pid !== undefined ? (forkedChild(child.pid) ?? child.pid) : child.pid;
  const server: ChildServer = {
    get pid() {
      return serverPid() ?? -1;
    },
    port,
    output: () => output.text().trim(),
    exitReason: () => exitReason(child),
    awaitExit: async (timeoutMs) => ((await awaitExit(child, timeoutMs)) ? exitReason(child) : undefined),
    async stop() {
      const pid = serverPid();
      if (pid === undefined || hasExited(child)) return;
      signal(pid, 'SIGTERM');
      if (await awaitExit(child, 3000)) return;
      signal(serverPid() ?? pid, 'SIGKILL');
      if (await awaitExit(child, 1000)) return;
      child.kill('SIGKILL');
      if (!(await awaitExit(child, 1000))) throw new Error(`${command} (pid ${pid}) survived SIGKILL`);
    },
  };
  const readyMs = options.readyMs ?? 5000;
  if (await waitListening('127.0.0.1', port, readyMs, () => failure !== undefined || hasExited(child)))
    return server;
  if (failure) throw new Error(`${argv[0]} could not start: ${failure.message}`);
  if (hasExited(child))
    throw new Error(
      `${command} exited (${child.exitCode ?? child.signalCode}) before listening: ${server.output()}`,
    );
  await server.stop();
  throw new Error(
    `${command} was not listening on 127.0.0.1:${port} within ${readyMs} ms: ${server.output()}`,
  );
}
