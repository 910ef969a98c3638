/**
 * `node bare-child.js HOST PORT MS CONCURRENCY`: the bare exchanges from a process of their own, as the fuzz
 * campaign runs in one; prints the count and seconds as JSON.
 */
import { bareExchanges } from './bare-exchanges.js';

const [host, port, ms, concurrency] = process.argv.slice(2);
const result = await bareExchanges({ host: host!, port: Number(port) }, Number(ms), Number(concurrency));
process.stdout.write(`${JSON.stringify(result)}\n`);
