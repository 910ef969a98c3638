/**
 * `node fuzz-child.js HOST PORT RUNS SEED JOBS [USER PASSWORD]`: a fuzz campaign as `fuzz` runs it (the same API,
 * session and defaults), from a process of its own; prints as JSON the search's cases, the ones sent, its seconds
 * and the process CPU time it took, and what a finding said. The search alone: a finding stops it, and the
 * replays and shrinking after it are not a rate.
 */
import { fuzzOpenTarget, openFuzzTarget } from '../../integrations/fuzz-server.js';

const [host, port, runs, seed, jobs, username, password] = process.argv.slice(2);
const target = await openFuzzTarget({
  target: { kind: 'address', endpoint: { host: host!, port: Number(port) } },
  ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
});
const started = { at: performance.now(), cpu: process.cpuUsage() };
/** When the last search case's probe answered, and the CPU time at the first replay after it (if any). */
let searchedAt = started.at;
let searched: { at: number; cpu: NodeJS.CpuUsage } | undefined;
try {
  const result = await fuzzOpenTarget(target, {
    seed: Number(seed),
    runs: Number(runs),
    jobs: Number(jobs),
    // The search's rate: the first finding ends it, as the shrinking and the search for more are no rate.
    stopOnFirst: true,
    // Called after each search case's probe, then after each replay alone (which `shrinks` counts): the CPU
    // time is read once, at the first replay, so that it includes that one replay but no reading per case.
    onProgress: (stats) => {
      if (stats.shrinks === 0) searchedAt = performance.now();
      else searched ??= { at: searchedAt, cpu: process.cpuUsage() };
    },
  });
  const end = searched ?? { at: performance.now(), cpu: process.cpuUsage() };
  process.stdout.write(
    `${JSON.stringify({
      cases: result.stats.cases,
      sent: result.stats.cases - result.stats.skipped,
      seconds: (end.at - started.at) / 1000,
      cpuMs: (end.cpu.user - started.cpu.user + end.cpu.system - started.cpu.system) / 1000,
      ...(result.finding ? { finding: `${result.finding.clause}: ${result.finding.what}` } : {}),
    })}\n`,
  );
} finally {
  await target.close();
}
