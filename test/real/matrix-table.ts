/**
 * The cross-vendor table of `npm run matrix`, in Markdown and HTML. A stopgap kept apart from harness/report/:
 * when a `matrix` report format lands there, this file gives way to it.
 */
import escapeHtml from 'escape-html';
import type { RunDocument } from '../../harness/runner/result.js';
import type { Verdict } from '../../harness/runner/verdict.js';

export interface MatrixColumn {
  readonly label: string;
  readonly document: RunDocument;
}

const shown: readonly Verdict[] = ['PASS', 'FAIL', 'WARN', 'INFO', 'UNSUPPORTED', 'SKIP', 'ERROR'];

/** `12 PASS · 3 FAIL`: the verdicts of some cases, worst ones kept visible, zeros left out. */
function tally(verdicts: readonly Verdict[]): string {
  return shown
    .map((v) => [v, verdicts.filter((x) => x === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(' · ');
}

function sections(columns: readonly MatrixColumn[]): string[] {
  return [...new Set(columns.flatMap((c) => c.document.results.map((r) => r.section)))];
}

function cell(column: MatrixColumn, section: string): string {
  return tally(column.document.results.filter((r) => r.section === section).map((r) => r.verdict));
}

/** Rows: the whole run, then each spec section; columns: the targets; cells: verdict counts. */
export function matrixRows(columns: readonly MatrixColumn[]): string[][] {
  const header = ['', ...columns.map((c) => c.label)];
  const total = ['all cases', ...columns.map((c) => tally(c.document.results.map((r) => r.verdict)))];
  const rows = sections(columns).map((s) => [s, ...columns.map((c) => cell(c, s))]);
  return [header, total, ...rows];
}

/** Rows: every case; columns: the targets; cells: the verdict. */
export function caseRows(columns: readonly MatrixColumn[]): string[][] {
  const ids = [...new Set(columns.flatMap((c) => c.document.results.map((r) => r.id)))];
  const verdictOf = (c: MatrixColumn, id: string) =>
    c.document.results.find((r) => r.id === id)?.verdict ?? '';
  return [
    ['case', ...columns.map((c) => c.label)],
    ...ids.map((id) => [id, ...columns.map((c) => verdictOf(c, id))]),
  ];
}

function markdownTable(rows: readonly string[][]): string {
  const [header = [], ...body] = rows;
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

export function matrixMarkdown(columns: readonly MatrixColumn[], date: string): string {
  return [
    `# SOCKS servers under socks-conformance (${date})`,
    '',
    markdownTable(matrixRows(columns)),
    '',
    '## Every case',
    '',
    markdownTable(caseRows(columns)),
    '',
  ].join('\n');
}

function htmlTable(rows: readonly string[][]): string {
  const [header = [], ...body] = rows;
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = body
    .map(
      (cells) =>
        `<tr>${cells.map((c, i) => (i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td class="${escapeHtml(c.split(' ')[0] ?? '')}">${escapeHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table>`;
}

export function matrixHtml(columns: readonly MatrixColumn[], date: string): string {
  const title = `SOCKS servers under socks-conformance (${date})`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}td.PASS{background:#e6f4e6}td.FAIL{background:#f8dcdc}
td.WARN{background:#fdf0d0}td.ERROR{background:#f0c0c0}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${htmlTable(matrixRows(columns))}
<h2>Every case</h2>
${htmlTable(caseRows(columns))}
</body></html>
`;
}
