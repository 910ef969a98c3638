import { describe, expect, it } from 'vitest';
import type { CaseResult, RunDocument } from '../../harness/model/result.js';
import type { Verdict } from '../../harness/model/verdict.js';
import { sectionMarkdown, sectionRows } from './matrix-table.js';

function run(results: [string, string, Verdict][]): RunDocument {
  return {
    results: results.map(([id, section, verdict]) => ({ id, section, verdict }) as CaseResult),
  } as unknown as RunDocument;
}

describe('the per-section summary of npm run matrix', () => {
  it('counts each target’s verdicts per section, leaving zeros out', () => {
    const a = run([
      ['x', 'RFC 1928 §3', 'PASS'],
      ['y', 'RFC 1928 §3', 'FAIL'],
      ['z', 'RFC 1929', 'SKIP'],
    ]);
    const b = run([
      ['x', 'RFC 1928 §3', 'PASS'],
      ['y', 'RFC 1928 §3', 'PASS'],
      ['z', 'RFC 1929', 'PASS'],
    ]);
    expect(
      sectionRows([
        { label: 'A', document: a },
        { label: 'B|2', document: b },
      ]),
    ).toEqual([
      ['', 'A', 'B|2'],
      ['all cases', '1 PASS · 1 FAIL · 1 SKIP', '3 PASS'],
      ['RFC 1928 §3', '1 PASS · 1 FAIL', '2 PASS'],
      ['RFC 1929', '1 SKIP', '1 PASS'],
    ]);
    expect(sectionMarkdown([{ label: 'B|2', document: b }]).split('\n')[0]).toBe('|  | B\\|2 |');
  });
});
