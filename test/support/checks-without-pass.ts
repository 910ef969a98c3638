import { explain } from '../../harness/model/outcome.js';
import type { CaseResult } from '../../harness/model/result.js';

/**
 * A check that fails must show what would have passed: its expected outcomes list at least one PASS, so the
 * reader of a FAIL (or a WARN) sees what the target should have done, not only other ways to be wrong.
 */
export function checksWithoutPass(result: CaseResult): string[] {
  return result.checks
    .filter(
      (c) => (c.verdict === 'FAIL' || c.verdict === 'WARN') && !c.expected.some((e) => e.verdict === 'PASS'),
    )
    .map(
      (c) =>
        `${result.id} ${c.clause}: ${c.verdict} (${explain(c)}); expected only ${JSON.stringify(c.expected)}`,
    );
}
