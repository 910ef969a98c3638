/**
 * `node raw-replay-child.js HOST PORT RUNS SEED JOBS [USER PASSWORD]`: the raw replay (raw-replay.ts) of runs
 * 0 … RUNS-1 from a process of its own, as the fuzz campaign runs in one; prints the count sent, the seconds and
 * the process CPU time as JSON.
 */
import { rawReplay } from './raw-replay.js';

const [host, port, runs, seed, jobs, username, password] = process.argv.slice(2);
const credentials = username !== undefined && password !== undefined ? { username, password } : undefined;
const cpu = process.cpuUsage();
const result = await rawReplay({ host: host!, port: Number(port) }, credentials, {
  runs: Number(runs),
  seed: Number(seed),
  jobs: Number(jobs),
});
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ ...result, cpuMs: (used.user + used.system) / 1000 })}\n`);
