/**
 * `node raw-replay-child.js HOST PORT RUNS SEED JOBS SHARD CASES [USER PASSWORD]`: the raw replay (raw-replay.ts)
 * from a process of its own, as the fuzz campaign runs in one: runs 0 … RUNS-1 of shard SHARD (`K/N`, or `1/1`),
 * the first CASES of them (`all`); prints the count sent, the seconds and the process CPU time as JSON.
 */
import { parseShard } from '../../harness/model/shard.js';
import { rawReplay } from './raw-replay.js';

const [host, port, runs, seed, jobs, shardText, cases, username, password] = process.argv.slice(2);
const credentials = username !== undefined && password !== undefined ? { username, password } : undefined;
const shard = parseShard(shardText!);
if (typeof shard === 'string') throw new Error(shard);
const cpu = process.cpuUsage();
const result = await rawReplay({ host: host!, port: Number(port) }, credentials, {
  runs: Number(runs),
  seed: Number(seed),
  jobs: Number(jobs),
  shard,
  ...(cases === 'all' ? {} : { cases: Number(cases) }),
});
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ ...result, cpuMs: (used.user + used.system) / 1000 })}\n`);
