/**
 * `npm run bench [-- --check]`: per target (the reference server, Dante and microsocks where installed, and the
 * hostile servers of fixtures/hostile), in one run:
 * - the full suite's wall time over its floor, the longest single case of the same run;
 * - for the SOCKS servers: a fuzz campaign's cases per second and CPU time per case (fuzz-child.ts), the same
 *   inputs sent raw (raw-replay.ts: the conversations without the harness) and bare connect-greeting-close
 *   exchanges, each from a child process of its own, at the campaign's concurrency;
 * - the peak RSS of the harness process in the full run and in the campaign.
 * Prints a table and writes reports/bench.json (whole or not at all); with --check, exits 1 when a figure misses
 * its goal (bench-goals.ts). Timings are noisy on a shared host: it is for people and nightly jobs, not CI.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatEndpoint } from '../../harness/net/endpoint.js';
import { writeWhole } from '../../harness/report/write-file.js';
import { toolVersion } from '../../harness/version.js';
import { checkExitCode, goals, missesOf } from './bench-goals.js';
import type { TargetResult } from './bench-result.js';
import { formatTable, MISSED } from './bench-table.js';
import { type BenchTarget, benchTargets } from './bench-targets.js';
import { bareExchangesInChild, fullRun, fuzzInChild, rawReplayInChild } from './measures.js';

const BARE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** The 10,000 cases the issue asks the memory of. */
const FUZZ_RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
/** Fuzz cases at once, as `fuzz` runs them by default; the raw replay and bare exchanges run as many at once. */
const FUZZ_JOBS = Number(process.env.BENCH_FUZZ_JOBS ?? 16);
/** The campaign and the raw replay take turns in this many rounds, each the whole campaign. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A search a finding ended sooner than this is no rate: its fuzz/raw is not given. */
const FEWEST_CASES_FOR_A_RATE = 1000;
const SEED = 1928;
const OUT = process.env.BENCH_OUT ?? 'reports/bench.json';
/** Only these targets (comma-separated names), e.g. `BENCH_TARGETS=reference,dante`. */
const ONLY = process.env.BENCH_TARGETS?.split(',').map((name) => name.trim());
const check = process.argv.includes('--check');
const cli = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

async function rates(target: BenchTarget) {
  const bare = await bareExchangesInChild(target, BARE_SECONDS * 1000, FUZZ_JOBS);
  const plan = { runs: FUZZ_RUNS, seed: SEED, jobs: FUZZ_JOBS };
  // The campaign and the raw replay take turns, so that both meet the same host load: on a shared host it
  // changes from minute to minute, and a ratio of two measures made apart says more about the host than the
  // harness. The raw replay sends the runs the campaign searched (all of them, or those before its finding).
  const rounds: {
    fuzz: Awaited<ReturnType<typeof fuzzInChild>>;
    raw: Awaited<ReturnType<typeof rawReplayInChild>>;
  }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const fuzz = await fuzzInChild(target, plan);
    rounds.push({ fuzz, raw: await rawReplayInChild(target, { ...plan, runs: fuzz.cases }) });
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const fuzz = {
    cases: sum(rounds.map((r) => r.fuzz.cases)),
    sent: sum(rounds.map((r) => r.fuzz.sent)),
    seconds: sum(rounds.map((r) => r.fuzz.seconds)),
    cpuMs: sum(rounds.map((r) => r.fuzz.cpuMs)),
  };
  const raw = {
    sent: sum(rounds.map((r) => r.raw.sent)),
    seconds: sum(rounds.map((r) => r.raw.seconds)),
    cpuMs: sum(rounds.map((r) => r.raw.cpuMs)),
  };
  const finding = rounds.find((r) => r.fuzz.finding)?.fuzz.finding;
  const barePerSecond = bare.count / bare.seconds;
  const fuzzPerSecond = fuzz.sent / fuzz.seconds;
  const rawPerSecond = raw.sent / raw.seconds;
  return {
    bare: {
      exchanges: bare.count,
      seconds: round(bare.seconds, 1),
      concurrency: FUZZ_JOBS,
      perSecond: round(barePerSecond, 1),
    },
    fuzz: {
      rounds: ROUNDS,
      /** Per round: the campaign's search, once (not added up over the rounds). */
      cases: rounds[0]!.fuzz.cases,
      sent: fuzz.sent,
      seconds: round(fuzz.seconds, 2),
      perSecond: round(fuzzPerSecond, 1),
      cpuMs: Math.round(fuzz.cpuMs),
      cpuMsPerCase: round(fuzz.cpuMs / fuzz.sent, 3),
      peakKiB: Math.max(...rounds.map((r) => r.fuzz.peakKiB)),
      ...(finding ? { finding } : {}),
      byRound: rounds.map((r) => ({
        cases: r.fuzz.cases,
        sent: r.fuzz.sent,
        seconds: round(r.fuzz.seconds, 2),
        perSecond: round(r.fuzz.sent / r.fuzz.seconds, 1),
        cpuMs: Math.round(r.fuzz.cpuMs),
        peakKiB: r.fuzz.peakKiB,
      })),
    },
    raw: {
      ...raw,
      seconds: round(raw.seconds, 2),
      perSecond: round(rawPerSecond, 1),
      cpuMs: Math.round(raw.cpuMs),
      cpuMsPerCase: round(raw.cpuMs / raw.sent, 3),
      byRound: rounds.map((r) => ({
        sent: r.raw.sent,
        seconds: round(r.raw.seconds, 2),
        perSecond: round(r.raw.sent / r.raw.seconds, 1),
        cpuMs: Math.round(r.raw.cpuMs),
      })),
    },
    ...(fuzz.cases >= FEWEST_CASES_FOR_A_RATE * ROUNDS
      ? { fuzzOverRaw: round(fuzzPerSecond / rawPerSecond) }
      : {}),
    fuzzOverBare: round(fuzzPerSecond / barePerSecond),
    rawOverBare: round(rawPerSecond / barePerSecond),
  };
}

async function measure(target: BenchTarget): Promise<TargetResult> {
  const run = await fullRun(cli, target);
  const { longest, ...suite } = run;
  return {
    target: target.name,
    endpoint: formatEndpoint(target.endpoint),
    hostile: target.hostile ?? false,
    fuzzGoal: target.fuzzGoal ?? false,
    suite: {
      ...suite,
      floorMs: longest.ms,
      floorCase: longest.id,
      wallOverFloor: round(run.wallMs / longest.ms),
    },
    ...(target.hostile ? {} : await rates(target)),
  };
}

const results: TargetResult[] = [];
const skipped: { target: string; reason: string }[] = [];
for (const spec of benchTargets().filter((s) => !ONLY || ONLY.includes(s.name))) {
  if (typeof spec.open === 'string') {
    skipped.push({ target: spec.name, reason: spec.open });
    continue;
  }
  process.stdout.write(`measuring ${spec.name}…\n`);
  const target = await spec.open();
  try {
    results.push(await measure(target));
  } finally {
    await target.stop();
  }
}

const legend = [
  'wall: the full suite as its JSON report times it; floor: its longest case; conns: the most connections held',
  `open to a hostile target at once; fuzz/s: cases sent per second by a campaign of ${FUZZ_RUNS} runs (seed ${SEED},`,
  `${FUZZ_JOBS} at once), its search alone; raw/s: the same runs sent over plain sockets, the same waits but no trace,`,
  `judgement, probe or read deadline (raw-replay.ts); the two take turns, ${ROUNDS} rounds each; CPU: process CPU time`,
  `per case sent; bare/s: connect, greeting, METHOD selection, close, ${FUZZ_JOBS} at once; RSS: peak resident set of`,
  `the harness process in the full run and in the campaign; ${MISSED}: misses the goal under its name (fuzz/raw:`,
  `reference and Dante); finding: the campaign stopped at a finding within ${FEWEST_CASES_FOR_A_RATE} cases: no rate.`,
];
const misses = results.flatMap(missesOf);
process.stdout.write(
  [
    '',
    ...formatTable(results),
    '',
    ...legend,
    ...results.flatMap((r) => (r.fuzz?.finding ? [`${r.target}: the campaign found ${r.fuzz.finding}`] : [])),
    ...skipped.map((s) => `${s.target}: not measured (${s.reason})`),
    ...misses.map((m) => `${MISSED} ${m.target}: ${m.figure} ${m.value ?? 'not measured'}, goal ${m.goal}`),
    '',
  ].join('\n'),
);
const report = {
  tool: 'socks-conformance',
  toolVersion,
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  seed: SEED,
  fuzzRuns: FUZZ_RUNS,
  fuzzJobs: FUZZ_JOBS,
  bareSeconds: BARE_SECONDS,
  goals,
  results,
  misses,
  skipped,
};
await writeWhole(OUT, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`JSON: ${OUT}\n`);
if (check) process.exitCode = checkExitCode(results);
