import { levelExcess } from '../../harness/model/level.js';
import type { CaseResult } from '../../harness/model/result.js';
import { clauseLevel } from '../../suites/clauses.js';
import { BEYOND_LEVEL } from '../../suites/level-guard.js';

/**
 * Every check of a result whose verdict claims more than the level of the clause it is booked under allows (a
 * WARN under an INFO clause), and every check the level guard turned into an ERROR for that reason.
 */
export function levelExcessOf(result: CaseResult): string[] {
  return result.checks.flatMap((check) => [
    ...levelExcess(check, clauseLevel(check.clause)).map((excess) => `${result.id}: ${excess}`),
    ...(check.reason?.startsWith(BEYOND_LEVEL) ? [`${result.id}: ${check.reason}`] : []),
  ]);
}
