// Preloaded into a measured child (`node --import`): as it exits, writes its peak resident set size in KiB to the
// file named by BENCH_PEAK_FILE, so the measure is of that process alone. Plain JavaScript, so that tests run
// from source can preload it too.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PEAK_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
