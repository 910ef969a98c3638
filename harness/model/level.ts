import type { Check, CheckKind } from './outcome.js';
import type { Verdict } from './verdict.js';

/** Requirement levels, as the clause catalogue names them (see clauses.md, "Legend"). */
export const levels = ['MUST', 'SHOULD', 'MAY', 'FMT', 'DESC', 'INFO', 'must(lc)', 'should(lc)'] as const;
export type Level = (typeof levels)[number];

/**
 * The worst verdict a check may give on a clause of each level:
 * - MUST, must(lc) (a pre-RFC 2119 lower-case "must") and FMT (a wire format fixed by a packet diagram): FAIL;
 * - DESC: FAIL too. A DESC clause is a pre-2119 statement of what happens ("the server closes the connection
 *   immediately", "a reply of 00 means the connection is made"), and the catalogue treats it as a MUST;
 * - SHOULD, should(lc): WARN (`--strict` may still turn it into FAIL: the user's choice, not the case's);
 * - MAY, INFO: INFO. The spec leaves the behaviour open, so it is recorded, never scored.
 * SKIP, UNSUPPORTED and ERROR say the check was not made, and a FAIL the harness decided (the target crashed,
 * `--expect FEATURE` made a refusal fail) is not the case's claim about the clause: neither is bound by the level.
 */
export const levelCeiling: Readonly<Record<Level, 'FAIL' | 'WARN' | 'INFO'>> = {
  MUST: 'FAIL',
  'must(lc)': 'FAIL',
  FMT: 'FAIL',
  DESC: 'FAIL',
  SHOULD: 'WARN',
  'should(lc)': 'WARN',
  MAY: 'INFO',
  INFO: 'INFO',
};

const scored: Partial<Record<Verdict, number>> = { PASS: 0, INFO: 1, WARN: 2, FAIL: 3 };

/** Whether a verdict claims more than a clause of this level allows. */
export function exceedsLevel(verdict: Verdict, level: Level): boolean {
  const rank = scored[verdict];
  return rank !== undefined && rank > scored[levelCeiling[level]]!;
}

const harnessFailures: readonly (CheckKind | undefined)[] = ['target-crashed', 'feature-required'];

/** Whether the harness, not the case, gave the check its verdict, beyond what the clause's level says. */
export function harnessDecided(check: Pick<Check, 'kind'>): boolean {
  return harnessFailures.includes(check.kind);
}

/**
 * What in a check claims more than its clause's level allows: its verdict, unless the harness decided it. Only the
 * verdict: a case may choose a check's clause by what it saw (a reply that is no SOCKS4 reply at all bears on the
 * reply format), so an outcome list can name verdicts that are never booked under the clause it was tried for.
 */
export function levelExcess(check: Check, level: Level): string[] {
  if (harnessDecided(check) || !exceedsLevel(check.verdict, level)) return [];
  return [`${check.clause} (${level}) gives ${check.verdict}: ${check.observed}`];
}
