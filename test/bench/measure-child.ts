import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot } from '../real/paths.js';

export interface ChildMeasure {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  /** Peak resident set size of the child, KiB; undefined if it died before it could say. */
  readonly peakKiB: number | undefined;
  /** The last 64 KiB of its stdout. */
  readonly stdout: string;
}

const preload = fromRoot('test/bench/peak-rss.mjs');

/** Runs `node --import peak-rss.js …args` to completion or until `timeoutMs`, then SIGKILLs it. */
export async function measureNode(args: readonly string[], timeoutMs: number): Promise<ChildMeasure> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-bench-'));
  const peakFile = path.join(dir, 'peak');
  try {
    const started = performance.now();
    const { exitCode, signal, stdout } = await new Promise<{
      exitCode: number | null;
      signal: string | null;
      stdout: string;
    }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', preload, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_PEAK_FILE: peakFile },
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out = (out + chunk.toString()).slice(-65536);
      });
      child.on('error', reject);
      child.on('close', (code, sig) => resolve({ exitCode: code, signal: sig, stdout: out }));
    });
    const wallMs = performance.now() - started;
    const peak = await readFile(peakFile, 'utf8').catch(() => undefined);
    return { exitCode, signal, wallMs, peakKiB: peak === undefined ? undefined : Number(peak), stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
