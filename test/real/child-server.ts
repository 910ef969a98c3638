import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exitReason(child: ChildProcess): string | undefined {
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  return child.exitCode !== null ? `exited with code ${child.exitCode}` : undefined;
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
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

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
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
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
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
    output: () => output.trim(),
    exitReason: () => exitReason(child),
    awaitExit: async (timeoutMs) => ((await waitExit(child, timeoutMs)) ? exitReason(child) : undefined),
    async stop() {
      const pid = serverPid();
      if (pid === undefined || exited(child)) return;
      signal(pid, 'SIGTERM');
      if (await waitExit(child, 3000)) return;
      signal(serverPid() ?? pid, 'SIGKILL');
      if (await waitExit(child, 1000)) return;
      child.kill('SIGKILL');
      if (!(await waitExit(child, 1000))) throw new Error(`${command} (pid ${pid}) survived SIGKILL`);
    },
  };
  const deadline = performance.now() + (options.readyMs ?? 5000);
  while (performance.now() < deadline) {
    if (failure) throw new Error(`${argv[0]} could not start: ${failure.message}`);
    if (exited(child)) {
      throw new Error(
        `${command} exited (${child.exitCode ?? child.signalCode}) before listening: ${server.output()}`,
      );
    }
    if (await accepts('127.0.0.1', port, 500)) return server;
    await sleep(20);
  }
  await server.stop();
  throw new Error(
    `${command} was not listening on 127.0.0.1:${port} within ${options.readyMs ?? 5000} ms: ${server.output()}`,
  );
}
