import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../harness/model/result.js';
import type { Verdict } from '../../harness/model/verdict.js';
import {
  compareVerdicts,
  type ExpectationFile,
  formatDifferences,
  PLACEHOLDER_REASON,
  refreshExpectations,
} from './expectations.js';

function result(id: string, verdict: Verdict): CaseResult {
  return {
    id,
    verdict,
    expected: [],
    reason: `matched ${id}`,
    observed: `observed ${id}`,
  } as unknown as CaseResult;
}

const header = { server: 'Example 1.0', config: 'fixtures/targets/example.conf' };

function file(cases: ExpectationFile['cases']): ExpectationFile {
  return { ...header, cases };
}

describe('comparing a run with its expectations', () => {
  it('finds nothing when every verdict is expected and every non-PASS has its reason', () => {
    const expected = file({ a: { verdict: 'PASS' }, b: { verdict: 'FAIL', reason: 'answers X' } });
    expect(compareVerdicts(expected, [result('a', 'PASS'), result('b', 'FAIL')])).toEqual([]);
  });

  it('reports a changed verdict, a case without expectation and an expectation without case', () => {
    const expected = file({ a: { verdict: 'PASS' }, gone: { verdict: 'PASS' } });
    const differences = compareVerdicts(expected, [result('a', 'WARN'), result('new', 'PASS')]);
    expect(differences.map((d) => [d.case, d.expected, d.observed])).toEqual([
      ['a', 'PASS', 'WARN'],
      ['new', '(no expectation)', 'PASS'],
      ['gone', 'PASS', '(no such case)'],
    ]);
    expect(differences[0]?.text).toBe('matched a: observed a');
  });

  it('reports a non-PASS expectation with no reason or the placeholder reason', () => {
    const expected = file({
      a: { verdict: 'FAIL' },
      b: { verdict: 'UNSUPPORTED', reason: PLACEHOLDER_REASON },
      c: { verdict: 'SKIP', reason: ' ' },
    });
    const differences = compareVerdicts(expected, [
      result('a', 'FAIL'),
      result('b', 'UNSUPPORTED'),
      result('c', 'SKIP'),
    ]);
    expect(differences.map((d) => d.case)).toEqual(['a', 'b', 'c']);
    expect(formatDifferences('x.json', differences)).toContain(
      'a: expected FAIL (reason not written), observed FAIL',
    );
  });
});

describe('a disputed verdict', () => {
  it('needs no reason, but is still held to its verdict', () => {
    const expected = file({ a: { verdict: 'FAIL', disputed: 'looks like a suite bug: …' } });
    expect(compareVerdicts(expected, [result('a', 'FAIL')])).toEqual([]);
    expect(compareVerdicts(expected, [result('a', 'WARN')]).map((d) => d.case)).toEqual(['a']);
  });
});

describe('a timing-dependent verdict', () => {
  const expected = file({
    a: { verdict: 'PASS', alsoSeen: ['WARN'], reason: 'drops what arrives before its relay is ready' },
  });

  it('accepts any verdict it lists and nothing else', () => {
    expect(compareVerdicts(expected, [result('a', 'PASS')])).toEqual([]);
    expect(compareVerdicts(expected, [result('a', 'WARN')])).toEqual([]);
    const differences = compareVerdicts(expected, [result('a', 'FAIL')]);
    expect(differences.map((d) => [d.case, d.expected, d.observed])).toEqual([['a', 'PASS or WARN', 'FAIL']]);
  });

  it('needs a reason even when its first verdict is PASS', () => {
    const unexplained = file({ a: { verdict: 'PASS', alsoSeen: ['WARN'] } });
    expect(compareVerdicts(unexplained, [result('a', 'PASS')]).map((d) => d.case)).toEqual(['a']);
  });

  it('survives a refresh that observed any of its verdicts', () => {
    expect(refreshExpectations(expected, header, [result('a', 'WARN')]).cases).toEqual(expected.cases);
  });
});

describe('refreshing expectations', () => {
  it('keeps the reason of an unchanged verdict and marks a new non-PASS verdict unreviewed', () => {
    const previous = file({
      kept: { verdict: 'FAIL', reason: 'answers X' },
      changed: { verdict: 'FAIL', reason: 'old reason' },
      gone: { verdict: 'PASS' },
    });
    const next = refreshExpectations(previous, header, [
      result('kept', 'FAIL'),
      result('changed', 'WARN'),
      result('fixed', 'PASS'),
    ]);
    expect(next.cases).toEqual({
      kept: { verdict: 'FAIL', reason: 'answers X' },
      changed: { verdict: 'WARN', reason: PLACEHOLDER_REASON },
      fixed: { verdict: 'PASS' },
    });
    expect(
      compareVerdicts(next, [result('kept', 'FAIL'), result('changed', 'WARN'), result('fixed', 'PASS')]),
    ).toHaveLength(1);
  });

  it('takes the header of a new file from the server definition', () => {
    expect(refreshExpectations(undefined, header, [result('a', 'PASS')])).toEqual(
      file({ a: { verdict: 'PASS' } }),
    );
  });
});
