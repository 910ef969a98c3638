import { describe, expect, it } from 'vitest';
import { explain } from '../../harness/model/outcome.js';
import { combineRepetitions } from '../../harness/model/repeat.js';
import type { CaseResult } from '../../harness/model/result.js';
import type { Verdict } from '../../harness/model/verdict.js';

function result(id: string, verdict: Verdict): CaseResult {
  const expected = [{ verdict, when: verdict.toLowerCase() }];
  return { id, verdict, expected, matched: 0, durationMs: 10 } as unknown as CaseResult;
}

describe('--repeat N', () => {
  it('keeps a steady case as it is and tallies its verdicts', () => {
    const [steady] = combineRepetitions([
      [result('a', 'PASS')],
      [result('a', 'PASS')],
      [result('a', 'PASS')],
    ]);
    expect(steady).toMatchObject({ id: 'a', verdict: 'PASS', matched: 0, repetitions: { PASS: 3 } });
    expect(steady && explain(steady)).toBe('pass');
  });

  it('reports a case whose verdict differs as flaky: ERROR with the tally', () => {
    const passes = [1, 2, 3, 4, 5].map((n) => [result('b', n === 3 ? 'FAIL' : 'PASS'), result('c', 'FAIL')]);
    const [flaky, steady] = combineRepetitions(passes);
    expect(flaky?.verdict).toBe('ERROR');
    expect(flaky?.kind).toBe('flaky');
    expect(flaky?.matched).toBeUndefined();
    expect(flaky && explain(flaky)).toBe('flaky: PASS×4, FAIL×1 (first PASS: pass; then FAIL: fail)');
    expect(flaky?.repetitions).toEqual({ PASS: 4, FAIL: 1 });
    expect(steady).toMatchObject({ id: 'c', verdict: 'FAIL', repetitions: { FAIL: 5 } });
  });
});
