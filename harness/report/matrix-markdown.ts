import { cell } from './markdown.js';
import type { Matrix } from './matrix.js';

/** The cases where targets differ, disputed ones first, for a step summary or a pull-request comment. */
export function formatMatrixMarkdown(matrix: Matrix): string {
  const differing = [
    ...matrix.rows.filter((r) => r.disputed),
    ...matrix.rows.filter((r) => r.differs && !r.disputed),
  ];
  const lines = [
    `## SOCKS conformance matrix: ${matrix.columns.length} targets × ${matrix.rows.length} cases`,
    '',
    `${differing.length} case(s) where targets differ, ${matrix.rows.filter((r) => r.disputed).length} disputed (⚑: a target that passes nearly everything else fails it while another passes it, a hint that the clause is read two ways).`,
    '',
    `| | case | clause | ${matrix.columns.map((c) => cell(c.label)).join(' | ')} |`,
    `|---|---|---|${matrix.columns.map(() => '---').join('|')}|`,
  ];
  for (const row of differing)
    lines.push(
      `| ${row.disputed ? '⚑' : ''} | \`${cell(row.id)}\` | \`${cell(row.clause)}\` | ${row.verdicts.map((v) => v ?? '–').join(' | ')} |`,
    );
  if (differing.length === 0)
    lines.push(`| | every case | | ${matrix.columns.map(() => 'agree').join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}
