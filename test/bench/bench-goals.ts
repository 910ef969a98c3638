/** The bench's goals, and which figures of a bench run miss them (what `npm run bench -- --check` exits on). */
import type { TargetResult } from './bench-result.js';

/** The figures the goals read. */
export type TargetFigures = Pick<TargetResult, 'target' | 'fuzzGoal' | 'fuzzOverRaw'> & {
  readonly suite: Pick<TargetResult['suite'], 'wallOverFloor' | 'peakKiB'>;
  readonly fuzz?: Pick<NonNullable<TargetResult['fuzz']>, 'peakKiB'>;
};

export const goals = {
  /** The full suite's wall time over its longest case, at most. */
  wallOverFloor: 1.2,
  /** Fuzz cases per second over the raw replay's, at least. */
  fuzzOverRaw: 0.9,
  /** Peak RSS of the fuzz campaign's process, MiB, below. */
  fuzzPeakMiB: 200,
  /** Peak RSS of the full suite's process, MiB, below, whatever the target sends (a flood, an endless reply). */
  runPeakMiB: 200,
} as const;

export interface Miss {
  readonly target: string;
  readonly figure: 'wall/floor' | 'fuzz/raw' | 'fuzz RSS' | 'run RSS';
  /** The figure, or undefined when a goal applies and the figure is missing. */
  readonly value: number | undefined;
  readonly goal: string;
}

export function missesOf(figures: TargetFigures): Miss[] {
  const misses: Miss[] = [];
  const { target } = figures;
  if (!(figures.suite.wallOverFloor <= goals.wallOverFloor))
    misses.push({
      target,
      figure: 'wall/floor',
      value: figures.suite.wallOverFloor,
      goal: `≤${goals.wallOverFloor}`,
    });
  if (figures.fuzzGoal && !(figures.fuzzOverRaw !== undefined && figures.fuzzOverRaw >= goals.fuzzOverRaw))
    misses.push({ target, figure: 'fuzz/raw', value: figures.fuzzOverRaw, goal: `≥${goals.fuzzOverRaw}` });
  if (!(figures.suite.peakKiB / 1024 < goals.runPeakMiB))
    misses.push({
      target,
      figure: 'run RSS',
      value: Math.round(figures.suite.peakKiB / 1024),
      goal: `<${goals.runPeakMiB} MiB`,
    });
  if (figures.fuzz && !(figures.fuzz.peakKiB / 1024 < goals.fuzzPeakMiB))
    misses.push({
      target,
      figure: 'fuzz RSS',
      value: Math.round(figures.fuzz.peakKiB / 1024),
      goal: `<${goals.fuzzPeakMiB} MiB`,
    });
  return misses;
}

/** `--check`: 1 when a figure misses its goal, or when nothing was measured; 0 when every goal is met. */
export function checkExitCode(results: readonly TargetFigures[]): 0 | 1 {
  if (results.length === 0) return 1;
  return results.some((r) => missesOf(r).length > 0) ? 1 : 0;
}
