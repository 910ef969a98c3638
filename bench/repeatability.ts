/**
 * `npm run repeatability`: twenty consecutive full runs (REPEAT_RUNS) against the reference server and against
 * Dante (where installed), each run the built CLI as a child; a case is a flake when its verdict is not the same
 * in every run. Prints the flake count per target with the differing cases, writes reports/repeatability.json,
 * and exits 1 if any case flaked.
 */
import { writeWhole } from '../harness/report/write-file.js';
import { benchTargets } from './bench-targets.js';
import { fullRunVerdicts } from './measures.js';

const RUNS = Number(process.env.REPEAT_RUNS ?? 20);
const OUT = process.env.REPEAT_OUT ?? 'reports/repeatability.json';
const cli = new URL('../cli/main.js', import.meta.url).pathname;

const report: { target: string; runs: number; cases: number; flakes: { id: string; verdicts: string }[] }[] =
  [];
for (const spec of benchTargets().filter((s) => s.name === 'reference' || s.name === 'dante')) {
  if (typeof spec.open === 'string') {
    process.stdout.write(`${spec.name}: not run (${spec.open})\n`);
    continue;
  }
  const target = await spec.open();
  try {
    const seen = new Map<string, string[]>();
    for (let run = 1; run <= RUNS; run++) {
      const verdicts = await fullRunVerdicts(cli, target);
      for (const [id, verdict] of verdicts) seen.set(id, [...(seen.get(id) ?? []), verdict]);
      process.stdout.write(`${spec.name}: run ${run}/${RUNS}, ${verdicts.size} cases\n`);
    }
    const flakes = [...seen]
      .filter(([, list]) => list.length !== RUNS || new Set(list).size > 1)
      .map(([id, list]) => {
        const tally = new Map<string, number>();
        for (const v of list) tally.set(v, (tally.get(v) ?? 0) + 1);
        return { id, verdicts: [...tally].map(([v, n]) => `${v}×${n}`).join(', ') };
      });
    report.push({ target: spec.name, runs: RUNS, cases: seen.size, flakes });
  } finally {
    await target.stop();
  }
}
for (const r of report) {
  process.stdout.write(`${r.target}: ${r.runs} runs of ${r.cases} cases, ${r.flakes.length} flaky\n`);
  for (const f of r.flakes) process.stdout.write(`  ${f.id}: ${f.verdicts}\n`);
}
await writeWhole(OUT, `${JSON.stringify({ measuredAt: new Date().toISOString(), report }, null, 2)}\n`);
process.stdout.write(`JSON: ${OUT}\n`);
process.exitCode = report.some((r) => r.flakes.length > 0) ? 1 : 0;
