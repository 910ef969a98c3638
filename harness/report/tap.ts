import { stringify } from 'yaml';
import { defectsOf, describeFailCount } from '../model/defects.js';
import { acceptable, explain } from '../model/outcome.js';
import { type CaseResult, type RunDocument, targetName } from '../model/result.js';
import { formatTrace } from '../net/hexdump.js';
import { describeTargetLost } from './console.js';

/** TAP 14 escapes `\` and `#` in a description; a description is one line. */
function escapeDescription(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#');
}

/** `ok 1 - socks5/method/select-offered [rfc1928/3-select-offered] Offered only …` */
export function tapDescription(result: CaseResult): string {
  return escapeDescription(`${result.id} [${result.clause}] ${result.title}`);
}

/**
 * What a TAP consumer should make of the case: FAIL and ERROR are not ok unless the baseline expects them (a TODO);
 * SKIP and UNSUPPORTED are skipped, with why. `skip` and `todo` are the directive's text, unescaped.
 */
export function tapStatus(result: CaseResult): { ok: boolean; skip?: string; todo?: string } {
  if (result.baseline?.status === 'known-failure')
    return { ok: false, todo: `known failure: ${result.baseline.reason}` };
  if (result.baseline?.status === 'unexpected-pass')
    return { ok: true, todo: `unexpected pass: ${result.baseline.reason}` };
  switch (result.verdict) {
    case 'FAIL':
    case 'ERROR':
      return { ok: false };
    case 'SKIP':
    case 'UNSUPPORTED':
      return { ok: true, skip: `${result.verdict}: ${explain(result)}` };
    default:
      return { ok: true };
  }
}

function directive(status: { skip?: string; todo?: string }): string {
  if (status.todo !== undefined) return ` # TODO ${escapeDescription(status.todo)}`;
  if (status.skip !== undefined) return ` # SKIP ${escapeDescription(status.skip)}`;
  return '';
}

/** The YAML diagnostics of a case that did not simply pass: what was expected, observed, and the trace. */
export function tapDiagnostics(result: CaseResult): Record<string, unknown> {
  return {
    verdict: result.verdict,
    ...(result.baseline ? { baseline: result.baseline } : {}),
    level: result.level,
    clauses: result.clauses,
    section: result.section,
    requirement: result.requirement,
    expected: acceptable(result),
    observed: result.observed,
    matched: explain(result),
    ...(result.kind ? { kind: result.kind } : {}),
    durationMs: result.durationMs,
    trace: formatTrace(result.trace),
    rerun: result.rerun,
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? prefix + line : line))
    .join('\n');
}

export function tapPoint(result: CaseResult, number: number): string {
  const status = tapStatus(result);
  const line = `${status.ok ? 'ok' : 'not ok'} ${number} - ${tapDescription(result)}${directive(status)}`;
  if (result.verdict === 'PASS' && !result.baseline) return line;
  // Literal blocks, never folded: a trace's hex dump keeps its lines and columns.
  const yaml = stringify(tapDiagnostics(result), { lineWidth: 0, blockQuote: 'literal' }).replace(/\n+$/, '');
  return `${line}\n  ---\n${indent(yaml, '  ')}\n  ...`;
}

/** TAP 14: one test point per case, in the document's order; an incomplete run ends with `Bail out!`. */
export function formatTap(document: RunDocument): string {
  const { results } = document;
  const lines = [
    'TAP version 14',
    `1..${results.length}`,
    `# socks-conformance ${document.version} against ${targetName(document)}`,
    ...(describeFailCount(results) ? [`# ${describeFailCount(results)}`] : []),
    ...defectsOf(results).map(
      (d, i) => `# defect ${i + 1} [${d.clause}] ${d.title.replace(/[\r\n]+/g, ' ')}: ${d.cases.join(', ')}`,
    ),
  ];
  let section: string | undefined;
  results.forEach((result, index) => {
    if (result.section !== section) {
      section = result.section;
      lines.push(`# ${section.replace(/[\r\n]+/g, ' ')}`);
    }
    lines.push(tapPoint(result, index + 1));
  });
  if (document.targetLost)
    lines.push(`Bail out! target ${describeTargetLost(document.targetLost).replace(/[\r\n]+/g, ' ')}`);
  else if (!document.complete) lines.push('Bail out! run interrupted: the results are incomplete');
  return `${lines.join('\n')}\n`;
}
