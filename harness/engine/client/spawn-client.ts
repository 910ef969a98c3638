import type { ClientExit } from '../../model/client-case.js';
import { type Deadline, deadline } from '../../net/timers.js';
import { keepTail, signalGroup, spawnGroup } from '../../process/process-group.js';
import { FailureOutputWatch } from './failure-output.js';

export interface SpawnedRun {
  readonly exit: ClientExit;
  readonly stdout: string;
  readonly stderrTail: string;
}

/** Stdout kept (the token is looked for in it); beyond this it is counted, not kept. */
const STDOUT_LIMIT = 256 * 1024;
const STDERR_TAIL = 4096;
/** After the client exits, how long its pipes may stay open (held by a grandchild) before the group is killed. */
const DRAIN_MS = 500;

/**
 * Runs a client command in its own process group with stdin closed (its stdout and stderr watched for
 * `failureOutput` when given), until it exits or `deadlineMs` passes; at
 * the deadline the whole group is killed, and after the exit any process left in the group is killed too.
 */
export function spawnClient(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  deadlineMs: number,
  failureOutput?: RegExp,
): Promise<SpawnedRun> {
  return new Promise((resolve) => {
    let stdout = '';
    const watch = failureOutput ? new FailureOutputWatch(failureOutput) : undefined;
    const errWatch = failureOutput ? new FailureOutputWatch(failureOutput) : undefined;
    const stderr = keepTail(STDERR_TAIL);
    let timedOut = false;
    let settled = false;
    const child = spawnGroup(file, args, env);
    const finish = (exit: ClientExit) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      drain?.clear();
      signalGroup(child.pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      const matched = watch?.match ?? errWatch?.match;
      resolve({
        exit: matched !== undefined ? { ...exit, failureOutput: matched } : exit,
        stdout,
        stderrTail: stderr.text(),
      });
    };
    let drain: Deadline | undefined;
    const killTimer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, 'SIGKILL');
    }, deadlineMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      watch?.add(chunk.toString('latin1'));
      if (stdout.length < STDOUT_LIMIT)
        stdout += chunk.toString('latin1').slice(0, STDOUT_LIMIT - stdout.length);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errWatch?.add(chunk.toString('latin1'));
      stderr.add(chunk);
    });
    child.on('error', (error) => finish({ code: undefined, timedOut: false, spawnError: error.message }));
    let exited: ClientExit | undefined;
    child.on('exit', (code, signal) => {
      exited = {
        code: code ?? undefined,
        ...(signal ? { signal } : {}),
        timedOut,
      };
      const result = exited;
      drain = deadline(DRAIN_MS, () => finish(result));
    });
    child.on('close', () => {
      if (exited) finish(exited);
    });
  });
}
