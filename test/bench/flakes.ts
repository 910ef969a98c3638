/** Consecutive full runs against one target, and the cases whose verdict was not the same in every run. */
import type { BenchTarget } from './bench-targets.js';
import { fullRunVerdicts } from './measures.js';

export interface Flake {
  readonly id: string;
  /** Each verdict seen with its count, e.g. `PASS×19, FAIL×1`. */
  readonly verdicts: string;
}

export interface RepeatabilityReport {
  readonly target: string;
  readonly runs: number;
  readonly cases: number;
  readonly flakes: readonly Flake[];
}

export async function repeatedRuns(
  cli: string,
  target: BenchTarget,
  runs: number,
  onRun: (run: number, cases: number) => void = () => {},
): Promise<RepeatabilityReport> {
  const seen = new Map<string, string[]>();
  for (let run = 1; run <= runs; run++) {
    const verdicts = await fullRunVerdicts(cli, target);
    for (const [id, verdict] of verdicts) seen.set(id, [...(seen.get(id) ?? []), verdict]);
    onRun(run, verdicts.size);
  }
  const flakes = [...seen]
    .filter(([, list]) => list.length !== runs || new Set(list).size > 1)
    .map(([id, list]) => {
      const tally = new Map<string, number>();
      for (const v of list) tally.set(v, (tally.get(v) ?? 0) + 1);
      return { id, verdicts: [...tally].map(([v, n]) => `${v}×${n}`).join(', ') };
    });
  return { target: target.name, runs, cases: seen.size, flakes };
}

export function formatRepeatability(report: RepeatabilityReport): string {
  return [
    `${report.target}: ${report.runs} runs of ${report.cases} cases, ${report.flakes.length} flaky`,
    ...report.flakes.map((f) => `  ${f.id}: ${f.verdicts}`),
  ].join('\n');
}
