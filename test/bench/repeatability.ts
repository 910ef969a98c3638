/**
 * `npm run repeatability`: twenty consecutive full runs (REPEAT_RUNS) against the reference server, Dante and
 * microsocks (where installed), each run the built CLI as a child; a case is a flake when its verdict is not the
 * same in every run. Prints the flake count per target with the differing cases, writes reports/repeatability.json,
 * and exits 1 if any case flaked. test/real/repeatability.test.ts makes the same check in CI.
 */
import { writeWhole } from '../../harness/report/write-file.js';
import { benchTargets } from './bench-targets.js';
import { formatRepeatability, type RepeatabilityReport, repeatedRuns } from './flakes.js';

const RUNS = Number(process.env.REPEAT_RUNS ?? 20);
const OUT = process.env.REPEAT_OUT ?? 'reports/repeatability.json';
const cli = new URL('../../cli/main.js', import.meta.url).pathname;

const report: RepeatabilityReport[] = [];
const targets = ['reference', 'dante', 'microsocks'];
for (const spec of benchTargets().filter((s) => targets.includes(s.name))) {
  if (typeof spec.open === 'string') {
    process.stdout.write(`${spec.name}: not run (${spec.open})\n`);
    continue;
  }
  const target = await spec.open();
  try {
    report.push(
      await repeatedRuns(cli, target, RUNS, (run, cases) =>
        process.stdout.write(`${spec.name}: run ${run}/${RUNS}, ${cases} cases\n`),
      ),
    );
  } finally {
    await target.stop();
  }
}
for (const r of report) process.stdout.write(`${formatRepeatability(r)}\n`);
await writeWhole(OUT, `${JSON.stringify({ measuredAt: new Date().toISOString(), report }, null, 2)}\n`);
process.stdout.write(`JSON: ${OUT}\n`);
process.exitCode = report.some((r) => r.flakes.length > 0) ? 1 : 0;
