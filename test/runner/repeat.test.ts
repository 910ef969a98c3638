import { describe, expect, it } from 'vitest';
import { combineRepetitions } from '../../harness/runner/repeat.js';
import type { CaseResult } from '../../harness/runner/result.js';
import type { Verdict } from '../../harness/runner/verdict.js';

function result(id: string, verdict: Verdict, matched = verdict.toLowerCase()): CaseResult {
  return { id, verdict, matched, durationMs: 10 } as unknown as CaseResult;
}

describe('--repeat N', () => {
  it('keeps a steady case as it is and tallies its verdicts', () => {
    const [steady] = combineRepetitions([
      [result('a', 'PASS')],
      [result('a', 'PASS')],
      [result('a', 'PASS')],
    ]);
    expect(steady).toMatchObject({ id: 'a', verdict: 'PASS', matched: 'pass', repetitions: { PASS: 3 } });
  });

  it('reports a case whose verdict differs as flaky: ERROR with the tally', () => {
    const passes = [1, 2, 3, 4, 5].map((n) => [result('b', n === 3 ? 'FAIL' : 'PASS'), result('c', 'FAIL')]);
    const [flaky, steady] = combineRepetitions(passes);
    expect(flaky?.verdict).toBe('ERROR');
    expect(flaky?.matched).toMatch(/^flaky: PASS×4, FAIL×1 /);
    expect(flaky?.repetitions).toEqual({ PASS: 4, FAIL: 1 });
    expect(steady).toMatchObject({ id: 'c', verdict: 'FAIL', repetitions: { FAIL: 5 } });
  });
});
