import { exceedsLevel, harnessDecided } from '../harness/model/level.js';
import type { Check } from '../harness/model/outcome.js';
import { clauseLevel } from './clauses.js';

/** How the reason of a check the guard turned into an ERROR begins. */
export const BEYOND_LEVEL = 'harness error: the case gives';

/**
 * A check whose verdict claims more than its clause's level allows (a WARN under an INFO clause) is a mistake in
 * the case, not a finding about the target: it becomes an ERROR that says so, never a false WARN or FAIL. Its
 * outcomes stay, so that the report shows the one at fault.
 */
export function withinLevel(check: Check): Check {
  const level = clauseLevel(check.clause);
  if (harnessDecided(check) || !exceedsLevel(check.verdict, level)) return check;
  return {
    ...check,
    verdict: 'ERROR',
    kind: 'harness-error',
    reason: `${BEYOND_LEVEL} ${check.verdict} under ${check.clause}, a ${level} clause, which allows no more than its level`,
  };
}

export function checksWithinLevel(checks: Check | Check[]): Check[] {
  return (Array.isArray(checks) ? checks : [checks]).map(withinLevel);
}
