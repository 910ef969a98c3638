import { explain } from './outcome.js';
import type { CaseResult } from './result.js';
import { type Verdict, verdicts } from './verdict.js';

/** `PASS×4, FAIL×1`, in the order of `verdicts`. */
export function formatTally(tally: Readonly<Partial<Record<Verdict, number>>>): string {
  return verdicts
    .filter((v) => (tally[v] ?? 0) > 0)
    .map((v) => `${v}×${tally[v]}`)
    .join(', ');
}

/**
 * One result per case from the repetitions of `--repeat N` (each list one pass, in any order). A case that got
 * the same verdict every time keeps its first result; one whose verdict differed is flaky: verdict ERROR, matched
 * `flaky: PASS×4, FAIL×1`, with the observation and trace of its first repetition that disagreed with the first.
 * Either way `repetitions` tallies the verdicts.
 */
export function combineRepetitions(passes: readonly (readonly CaseResult[])[]): CaseResult[] {
  const byId = new Map<string, CaseResult[]>();
  for (const pass of passes) {
    for (const result of pass) {
      const seen = byId.get(result.id);
      if (seen) seen.push(result);
      else byId.set(result.id, [result]);
    }
  }
  return [...byId.values()].map((runs) => {
    const first = runs[0]!;
    const tally: Partial<Record<Verdict, number>> = {};
    for (const r of runs) tally[r.verdict] = (tally[r.verdict] ?? 0) + 1;
    const odd = runs.find((r) => r.verdict !== first.verdict);
    if (!odd) return { ...first, repetitions: tally };
    // The case's outcomes stay listed; none of them decided the ERROR, so none is marked as matched.
    const { matched: _matched, ...rest } = odd;
    return {
      ...rest,
      verdict: 'ERROR',
      kind: 'flaky',
      reason: `flaky: ${formatTally(tally)} (first ${first.verdict}: ${explain(first)}; then ${odd.verdict}: ${explain(odd)})`,
      durationMs: Math.max(...runs.map((r) => r.durationMs)),
      repetitions: tally,
    };
  });
}
