/**
 * The per-section summary `npm run matrix` puts above the landed matrix report (harness/report/matrix*.ts): one
 * row per spec section, one column per target, verdict counts in the cells; small enough to read at a glance.
 */

import type { Verdict } from '../../harness/model/verdict.js';
import type { MatrixColumn } from '../../harness/report/matrix.js';

const shown: readonly Verdict[] = ['PASS', 'FAIL', 'WARN', 'INFO', 'UNSUPPORTED', 'SKIP', 'ERROR'];

/** `12 PASS · 3 FAIL`: the verdicts of some cases, zeros left out. */
function tally(verdicts: readonly Verdict[]): string {
  return shown
    .map((v) => [v, verdicts.filter((x) => x === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(' · ');
}

/** Rows: the whole run, then each spec section; columns: the targets; cells: verdict counts. */
export function sectionRows(columns: readonly MatrixColumn[]): string[][] {
  const sections = [...new Set(columns.flatMap((c) => c.document.results.map((r) => r.section)))];
  const count = (c: MatrixColumn, section?: string) =>
    tally(c.document.results.filter((r) => !section || r.section === section).map((r) => r.verdict));
  return [
    ['', ...columns.map((c) => c.label)],
    ['all cases', ...columns.map((c) => count(c))],
    ...sections.map((s) => [s, ...columns.map((c) => count(c, s))]),
  ];
}

export function sectionMarkdown(columns: readonly MatrixColumn[]): string {
  const [header = [], ...body] = sectionRows(columns);
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line), ''].join('\n');
}
