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

/** An outcome as a report keeps it: its verdict and its words, without the test. */
export interface Expectation {
  readonly verdict: Verdict;
  readonly when: string;
}

/**
 * Why a check has its verdict, where no outcome of the case says so, for code that must tell these apart:
 * - `never-connected`: the client under test never connected to the scripted proxy;
 * - `not-applicable`: the case does not apply to this client (another SOCKS version, no credentials given);
 * - `interactive-unseen`: an interactive run cannot see what the check needs (the client's output and exit);
 * - `deadline`: the case did not finish within its deadline;
 * - `target-unreachable`: a connection to the target could not be opened during the case;
 * - `harness-error`: the harness failed (an exception), not the target;
 * - `target-crashed`: the target process died during the case (and was restarted);
 * - `feature-required`: the target refused a feature `--expect` requires, so UNSUPPORTED became FAIL;
 * - `flaky`: with `--repeat`, the case's verdict differed between repetitions;
 * - `not-reached`: an exchange the case depends on (the greeting, the sub-negotiation, a pipelined request)
 *   failed: the check is booked under the clause that exchange broke, not the case's own; where the exchange
 *   could be made again (a lost pipelined request sent once more) the case goes on with its own checks;
 * - `credentials-refused`: the case needs an accepted RFC 1929 login and the target refused the run's credentials;
 * - `target-lost`: a target the harness cannot restart stopped answering while the case ran.
 */
export const checkKinds = [
  'never-connected',
  'not-applicable',
  'interactive-unseen',
  'deadline',
  'target-unreachable',
  'harness-error',
  'target-crashed',
  'feature-required',
  'flaky',
  'not-reached',
  'credentials-refused',
  'target-lost',
] as const;
export type CheckKind = (typeof checkKinds)[number];

/** The verdict on one clause, with every outcome the case recognised and which one matched. */
export interface Check {
  readonly clause: string;
  readonly verdict: Verdict;
  /** Every outcome of the check in the order they were tried, the FAIL ones too; empty when none was tried. */
  readonly expected: readonly Expectation[];
  /** Index in `expected` of the outcome that matched; absent when none did (FAIL) or none was tried. */
  readonly matched?: number;
  /** What was observed, in words. */
  readonly observed: string;
  /** Set where the harness, not an outcome, decided the verdict or changed it. */
  readonly kind?: CheckKind;
  /** The words for `kind`, or the reason a check without outcomes could not be made. */
  readonly reason?: string;
  readonly measurements?: Readonly<Record<string, number>>;
}

/** What `explain` reads of a check (or of a case result, which repeats its decisive check). */
export type Explained = Pick<Check, 'expected' | 'matched' | 'reason'>;

export const NO_OUTCOME_MATCHED = 'none of the expected outcomes';

/** The matched outcome's words, the reason, or both (`when (reason)`): the one-line account of a verdict. */
export function explain(check: Explained): string {
  const when = check.matched === undefined ? undefined : check.expected[check.matched]?.when;
  if (when !== undefined && check.reason !== undefined) return `${when} (${check.reason})`;
  return when ?? check.reason ?? NO_OUTCOME_MATCHED;
}

/** The outcomes a reader may hope for, as "when (VERDICT)": every one that does not FAIL. */
export function acceptable(check: Pick<Check, 'expected'>): string[] {
  return check.expected.filter((e) => e.verdict !== 'FAIL').map((e) => `${e.when} (${e.verdict})`);
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
  const index = outcomes.findIndex((o) => o.test(observed));
  return {
    clause,
    verdict: outcomes[index]?.verdict ?? 'FAIL',
    expected: outcomes.map(({ verdict, when }) => ({ verdict, when })),
    ...(index >= 0 ? { matched: index } : {}),
    observed: describe(observed),
    ...(measurements ? { measurements } : {}),
  };
}

/** A check that the case could not make, for a stated reason. */
export function skipped(
  clause: string,
  verdict: 'SKIP' | 'UNSUPPORTED' | 'ERROR',
  reason: string,
  kind?: CheckKind,
): Check {
  return { clause, verdict, expected: [], observed: reason, ...(kind ? { kind } : {}), reason };
}
