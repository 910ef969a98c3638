/**
 * `node raw-replay-child.js HOST PORT RUNS SEED JOBS [USER PASSWORD]`: the raw replay (raw-replay.ts) from a
 * process of its own, as the fuzz campaign runs in one; prints the count sent and seconds as JSON.
 */
import { rawReplay } from './raw-replay.js';

const [host, port, runs, seed, jobs, username, password] = process.argv.slice(2);
const credentials = username !== undefined && password !== undefined ? { username, password } : undefined;
const result = await rawReplay(
  { host: host!, port: Number(port) },
  credentials,
  Number(runs),
  Number(seed),
  Number(jobs),
);
process.stdout.write(`${JSON.stringify(result)}\n`);
