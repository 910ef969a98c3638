import type { Verdict } from './verdict.js';

/** One acceptable (or recognised unacceptable) result of a check, with the verdict it earns. */
export interface Outcome<O> {
  readonly verdict: Verdict;
  /** What the outcome is, in words a report reader understands. */
  readonly when: string;
  readonly test: (observed: O) => boolean;
}

export function outcome<O>(verdict: Verdict, when: string, test: (observed: O) => boolean): Outcome<O> {
  return { verdict, when, test };
}

/** The verdict on one clause, with every outcome the case accepted and the one that matched. */
export interface Check {
  readonly clause: string;
  readonly verdict: Verdict;
  readonly expected: readonly string[];
  readonly matched: string;
  readonly observed: string;
  readonly measurements?: Readonly<Record<string, number>>;
}

/**
 * Matches an observation against an ordered outcome set: the first outcome that matches decides. An
 * observation no outcome describes is a FAIL, and the report lists the outcomes that would have been accepted.
 */
export function verify<O>(
  clause: string,
  observed: O,
  describe: (observed: O) => string,
  outcomes: readonly Outcome<O>[],
  measurements?: Record<string, number>,
): Check {
  const expected = outcomes.filter((o) => o.verdict !== 'FAIL').map((o) => `${o.when} (${o.verdict})`);
  const hit = outcomes.find((o) => o.test(observed));
  return {
    clause,
    verdict: hit?.verdict ?? 'FAIL',
    expected,
    matched: hit?.when ?? 'none of the expected outcomes',
    observed: describe(observed),
    ...(measurements ? { measurements } : {}),
  };
}

/** A check that the case could not make, for a stated reason. */
export function skipped(clause: string, verdict: 'SKIP' | 'UNSUPPORTED' | 'ERROR', reason: string): Check {
  return { clause, verdict, expected: [], matched: reason, observed: reason };
}
