import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunDocument } from '../../harness/model/result.js';
import { measureNode } from '../bench/measure-child.js';
import { fromRoot } from '../real/paths.js';

export interface HostileRun {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  readonly peakKiB: number | undefined;
  readonly document: RunDocument | undefined;
  readonly stdout: string;
}

/** The built CLI against `target` in a child process, killed after `killMs`: exit, wall time, peak RSS, report. */
export async function runAgainst(
  target: { host: string; port: number },
  args: readonly string[],
  killMs: number,
): Promise<HostileRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-hostile-'));
  try {
    const json = path.join(dir, 'run.json');
    const cli = fromRoot('dist/cli/main.js');
    const child = await measureNode(
      [cli, '--target', `${target.host}:${target.port}`, '--json', json, ...args],
      killMs,
    );
    const text = await readFile(json, 'utf8').catch(() => undefined);
    return { ...child, document: text === undefined ? undefined : (JSON.parse(text) as RunDocument) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
