/**
 * A fuzz campaign as a short Markdown summary (for `$GITHUB_STEP_SUMMARY` or a pull-request comment): what was
 * fuzzed, the seed, shard, cases and rate, and each finding with its clause, what went wrong, the input in hex
 * and the command that replays it.
 */
import { replayCommand } from './fuzz-finding.js';
import { distinctFindings } from './fuzz-progress.js';
import {
  campaignBudget,
  campaignRate,
  campaignTarget,
  type FuzzReport,
  neverReached,
} from './fuzz-report.js';
import { cell, code } from './markdown.js';

function headline(report: FuzzReport): string {
  const found = report.findings.length;
  const mark = found > 0 || neverReached(report) ? '❌' : report.complete === false ? '⚠️' : '✅';
  const what =
    found > 0
      ? distinctFindings({ findings: found, hits: report.hits ?? found })
      : neverReached(report)
        ? 'the client never connected'
        : report.complete === false
          ? 'no finding before it was interrupted'
          : 'no finding';
  const fuzzed = report.role === 'client' ? 'SOCKS client fuzz campaign' : 'SOCKS fuzz campaign';
  return `## ${mark} ${fuzzed} against ${cell(campaignTarget(report))}: ${what}`;
}

/** The last part of a finding's signature, the shape of its input; blank for findings without one. */
function shapeOf(finding: { readonly signature?: string }): string {
  const shape = finding.signature?.split(' · ').slice(2).join(' · ');
  return shape ? code(shape) : '';
}

/** `findingFiles[i]` is where finding i was saved, for its replay command. */
export function formatFuzzMarkdown(
  report: FuzzReport,
  findingFiles: readonly (string | undefined)[] = [],
): string {
  const shard = report.shard
    ? ` · shard ${report.shard.index}/${report.shard.count}`
    : report.shards
      ? ` · shards ${report.shards.join(', ')} merged`
      : '';
  const skipped = report.skipped ? ` (${report.skipped} not sent: a reading could leave loopback)` : '';
  const lines = [
    headline(report),
    '',
    `socks-conformance ${cell(report.toolVersion)} · seed ${code(String(report.seed))}${shard} · ${report.cases} cases${skipped} in ${(report.wallMs / 1000).toFixed(1)} s (${campaignRate(report).toFixed(0)} cases/s) · budget ${campaignBudget(report)} · ${report.jobs} at once · SOCKS ${cell(report.versions.join(', '))} · ${cell(report.startedAt)}`,
  ];
  if (report.complete === false)
    lines.push('', `**Interrupted** after ${report.cases} cases: the campaign did not run its whole budget.`);
  if (neverReached(report))
    lines.push('', '**The client never connected** to the scripted server: the campaign proves nothing.');
  if (report.findings.length > 0) {
    lines.push(
      '',
      '| clause | kind | what | shape | hits | input (hex) | replay |',
      '|---|---|---|---|---|---|---|',
    );
    for (const [i, finding] of report.findings.entries()) {
      const file = findingFiles[i];
      const replay = file
        ? code(replayCommand(file, finding.role))
        : `seed ${finding.seed}, path ${finding.path}`;
      lines.push(
        `| ${code(finding.clause)} | ${finding.kind} | ${cell(finding.what)} | ${shapeOf(finding)} | ${finding.hits ?? 1} | ${finding.sent === '' ? 'none' : code(finding.sent)} | ${replay} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
