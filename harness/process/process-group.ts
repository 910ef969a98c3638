import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts `file` as the leader of a process group of its own, stdin closed, stdout and stderr piped, so that it
 * and everything it starts can be signalled at once (`signalGroup`) and stopped by its PID.
 */
export function spawnGroup(
  file: string,
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
): ChildProcess {
  return spawn(file, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}

/** Signals the whole process group led by `pid`; a group already gone is not an error. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {}
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once `child` has exited, or false after `timeoutMs`. */
export function awaitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    child.once('exit', onExit);
  });
}

/** Keeps the last `limit` characters of what a stream gives. */
export function keepTail(limit: number): { add(chunk: Buffer): void; text(): string } {
  let kept = '';
  return {
    add: (chunk) => {
      kept = (kept + chunk.toString()).slice(-limit);
    },
    text: () => kept,
  };
}
