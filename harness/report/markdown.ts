import { CREDENTIALS_REFUSED } from '../model/capabilities.js';
import { defectsOf, describeFailCount } from '../model/defects.js';
import { explain } from '../model/outcome.js';
import { type CaseResult, type RunDocument, targetName } from '../model/result.js';
import { verdicts } from '../model/verdict.js';
import { describeTargetLost } from './console.js';
import { sectionsOf } from './sections.js';

/** A table cell: one line, no `|`, and no HTML (GitHub renders HTML inside Markdown). */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");
}

/** Inline code in a table cell. */
export const code = (text: string) => `\`${cell(text)}\``;

/** What a reviewer must look at: failures, errors, violated SHOULDs and whatever the baseline remarks on. */
const listed = (r: CaseResult) =>
  r.verdict === 'FAIL' || r.verdict === 'ERROR' || r.verdict === 'WARN' || r.baseline !== undefined;

/** Rows beyond this are left to the other reports: a step summary is limited to 1 MiB. */
const maxRows = 100;

function headline(document: RunDocument): string {
  const failed = (document.summary.FAIL ?? 0) + (document.summary.ERROR ?? 0);
  const regressions = document.baseline ? document.baseline.regressions : failed;
  const mark = !document.complete ? '⚠️' : regressions > 0 ? '❌' : '✅';
  const what = document.baseline
    ? `${regressions} regression${regressions === 1 ? '' : 's'}, ${document.baseline.knownFailures} known failure${document.baseline.knownFailures === 1 ? '' : 's'}`
    : [describeFailCount(document.results), document.summary.ERROR ? `${document.summary.ERROR} ERROR` : '']
        .filter((part) => part !== '')
        .join(', ') || '0 failing';
  return `## ${mark} SOCKS conformance of ${cell(targetName(document))}: ${what}`;
}

function baselineNote(result: CaseResult): string {
  if (!result.baseline) return '';
  return result.baseline.status === 'known-failure'
    ? ` (known: ${cell(result.baseline.reason)})`
    : ' (unexpected pass)';
}

/** A short summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment. */
export function formatMarkdown(document: RunDocument): string {
  const counts = verdicts.filter((v) => (document.summary[v] ?? 0) > 0);
  const lines = [
    headline(document),
    '',
    `socks-conformance ${cell(document.version)} · profile ${code(document.profile)} · ${document.summary.total} cases in ${(document.summary.wallMs / 1000).toFixed(1)} s · ${cell(document.startedAt)}`,
  ];
  if (!document.complete)
    lines.push(
      '',
      `**Incomplete run:** ${document.targetLost ? `the target ${cell(describeTargetLost(document.targetLost))}` : 'interrupted'}`,
    );
  if (document.capabilities?.credentialsAccepted === false)
    lines.push('', `**Credentials refused:** ${cell(CREDENTIALS_REFUSED)}`);
  lines.push('', `| ${counts.join(' | ')} |`, `|${counts.map(() => '---:').join('|')}|`);
  lines.push(`| ${counts.map((v) => document.summary[v]).join(' | ')} |`);
  const defects = defectsOf(document.results);
  if (defects.length > 0) {
    lines.push('', '| defect | clause | cases |', '|---|---|---|');
    for (const d of defects.slice(0, maxRows))
      lines.push(`| ${cell(d.title)} | ${code(d.clause)} | ${d.cases.map(code).join(', ')} |`);
  }
  const rows = document.results.filter(listed);
  if (rows.length > 0) {
    lines.push('', '| verdict | case | clause | level | observed |', '|---|---|---|---|---|');
    for (const r of rows.slice(0, maxRows))
      lines.push(
        `| ${r.verdict}${baselineNote(r)} | ${code(r.id)} | ${code(r.clause)} | ${r.level} | ${cell(explain(r))}: ${cell(r.observed)} |`,
      );
    if (rows.length > maxRows)
      lines.push('', `… and ${rows.length - maxRows} more: see the HTML or JUnit report.`);
  }
  const sections = [...sectionsOf(document.results)];
  lines.push('', '<details><summary>By section</summary>', '', `| section | ${counts.join(' | ')} |`);
  lines.push(`|---|${counts.map(() => '---:').join('|')}|`);
  for (const [section, results] of sections)
    lines.push(
      `| ${cell(section)} | ${counts.map((v) => results.filter((r) => r.verdict === v).length).join(' | ')} |`,
    );
  lines.push('', '</details>', '');
  return lines.join('\n');
}
