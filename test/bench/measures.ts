import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunDocument } from '../../harness/model/result.js';
import { formatEndpoint } from '../../harness/net/endpoint.js';
import type { BenchTarget } from './bench-targets.js';
import { measureNode } from './measure-child.js';

function credentialArgs(target: BenchTarget): string[] {
  return target.credentials
    ? ['--user', target.credentials.username, '--password', target.credentials.password]
    : [];
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-bench-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The full suite against `target` from the built CLI in a child process: the child's measure and the report. */
function suiteInChild(cli: string, target: BenchTarget) {
  return inTempDir(async (dir) => {
    const json = path.join(dir, 'run.json');
    const args = [
      cli,
      '--target',
      formatEndpoint(target.endpoint),
      ...credentialArgs(target),
      // The default scheduler (auto) unless BENCH_JOBS names another, e.g. BENCH_JOBS=8.
      ...(process.env.BENCH_JOBS ? ['--jobs', process.env.BENCH_JOBS] : []),
      '--json',
      json,
    ];
    const child = await measureNode(args, 300_000);
    if (child.exitCode === null || child.exitCode > 1)
      throw new Error(`the full run against ${target.name} ended ${child.exitCode ?? child.signal}`);
    return { child, document: JSON.parse(await readFile(json, 'utf8')) as RunDocument };
  });
}

/** The full suite against `target` in a child process: its wall time, longest case, verdicts and peak RSS. */
export async function fullRun(cli: string, target: BenchTarget) {
  const { child, document } = await suiteInChild(cli, target);
  if (child.peakKiB === undefined) throw new Error(`the full run against ${target.name} left no peak RSS`);
  const longest = document.results.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
  const verdicts = Object.entries(document.summary)
    .filter(([k, v]) => k !== 'total' && k !== 'wallMs' && v > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return {
    cases: document.results.length,
    verdicts,
    wallMs: document.summary.wallMs,
    processWallMs: Math.round(child.wallMs),
    longest: { id: longest.id, ms: longest.durationMs },
    /** The cases' durations summed: over 8 jobs, the other lower bound on wall time. */
    caseMsSum: document.results.reduce((sum, r) => sum + r.durationMs, 0),
    peakKiB: child.peakKiB,
    /** The most connections the harness held open to the target at once, where the target counts them. */
    ...(target.peakOpen ? { peakConnections: target.peakOpen() } : {}),
  };
}

const bareChild = fileURLToPath(new URL('./bare-child.js', import.meta.url));

/** Bare connect-greeting-close exchanges for `ms`, `concurrency` at a time, from a child process. */
export async function bareExchangesInChild(target: BenchTarget, ms: number, concurrency: number) {
  const { host, port } = target.endpoint;
  const child = await measureNode(
    [bareChild, host, String(port), String(ms), String(concurrency)],
    ms + 30_000,
  );
  if (child.exitCode !== 0)
    throw new Error(`the bare exchanges against ${target.name} ended ${child.exitCode ?? child.signal}`);
  return JSON.parse(child.stdout) as { count: number; seconds: number };
}

const rawChild = fileURLToPath(new URL('./raw-replay-child.js', import.meta.url));
const fuzzChild = fileURLToPath(new URL('./fuzz-child.js', import.meta.url));

function credentialWords(target: BenchTarget): string[] {
  return target.credentials ? [target.credentials.username, target.credentials.password] : [];
}

/** A child that sends runs 0 … runs-1 of a campaign: `SCRIPT HOST PORT RUNS SEED JOBS [USER PASSWORD]`. */
function planArguments(
  script: string,
  target: BenchTarget,
  plan: { runs: number; seed: number; jobs: number },
) {
  const { host, port } = target.endpoint;
  return [
    script,
    host,
    String(port),
    String(plan.runs),
    String(plan.seed),
    String(plan.jobs),
    ...credentialWords(target),
  ];
}

/** Runs 0 … runs-1 sent raw (raw-replay.ts), `jobs` at once, from a child process: inputs sent, seconds, CPU time. */
export async function rawReplayInChild(
  target: BenchTarget,
  plan: { runs: number; seed: number; jobs: number },
) {
  const child = await measureNode(planArguments(rawChild, target, plan), 600_000);
  if (child.exitCode !== 0)
    throw new Error(`the raw replay against ${target.name} ended ${child.exitCode ?? child.signal}`);
  return JSON.parse(child.stdout) as { sent: number; seconds: number; cpuMs: number };
}

/**
 * A fixed-seed fuzz campaign, `jobs` at once, in a child process (fuzz-child.ts): its search's cases, the ones
 * sent (a case whose input could leave loopback is counted by the campaign but never reaches the server), seconds
 * and CPU time, the finding that stopped it, and the child's peak RSS.
 */
export async function fuzzInChild(target: BenchTarget, plan: { runs: number; seed: number; jobs: number }) {
  const child = await measureNode(planArguments(fuzzChild, target, plan), 900_000);
  if (child.exitCode !== 0 || child.peakKiB === undefined)
    throw new Error(`the fuzz campaign against ${target.name} ended ${child.exitCode ?? child.signal}`);
  const result = JSON.parse(child.stdout) as {
    cases: number;
    sent: number;
    seconds: number;
    cpuMs: number;
    finding?: string;
  };
  return { ...result, peakKiB: child.peakKiB };
}

/** The verdict of every case in one full run against `target` (the built CLI in a child). */
export async function fullRunVerdicts(cli: string, target: BenchTarget): Promise<Map<string, string>> {
  const { document } = await suiteInChild(cli, target);
  return new Map(document.results.map((r) => [r.id, r.verdict]));
}
