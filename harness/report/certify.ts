import { createHash } from 'node:crypto';
import { describeFailCount } from '../model/defects.js';
import { explain } from '../model/outcome.js';
import { type RunDocument, targetName } from '../model/result.js';
import { type ClauseVerdict, clauseVerdicts } from './clause-verdicts.js';
import { formatCapabilities } from './console.js';
import { badge } from './html.js';
import { type Html, html, raw } from './html-template.js';

export interface Certification {
  readonly product: string;
  readonly productVersion?: string;
}

/** Requirement levels as a certificate groups them: fixed wire formats are as binding as a MUST. */
const groups = [
  { title: 'MUST (and fixed wire formats)', levels: ['MUST', 'FMT', 'must(lc)'] },
  { title: 'SHOULD', levels: ['SHOULD', 'should(lc)'] },
  { title: 'MAY, descriptive and informational', levels: ['MAY', 'DESC', 'INFO'] },
] as const;

const deviating = (c: ClauseVerdict) => c.verdict === 'FAIL' || c.verdict === 'ERROR' || c.verdict === 'WARN';
const binding = (c: ClauseVerdict) => (groups[0].levels as readonly string[]).includes(c.level);

/** A stable hash of the cases that ran (id, clauses, level): two certificates with one hash ran the same checks. */
export function caseSetHash(document: RunDocument): string {
  const lines = document.results.map((r) => `${r.id} ${r.clauses.join(',')} ${r.level}`).sort();
  return `sha256:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
}

/** The specifications the clauses belong to, from their ids (`rfc1928/…` → RFC 1928, `socks4a/…` → SOCKS4A). */
function specifications(clauses: readonly ClauseVerdict[]): string[] {
  const names = clauses.map((c) => {
    const rfc = /^rfc(\d+)\//.exec(c.clause);
    return rfc ? `RFC ${rfc[1]}` : (c.clause.split('/')[0] ?? c.clause).toUpperCase();
  });
  return [...new Set(names)];
}

/** Why a deviation is accepted: the baseline's reason for each of its failing cases. */
function justification(document: RunDocument, clause: ClauseVerdict): string | undefined {
  const reasons = document.results
    .filter((r) => clause.cases.includes(r.id) && r.baseline?.status === 'known-failure')
    .map((r) => `${r.id}: ${r.baseline!.reason}`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The one-line statement of what the product conforms to. */
export function conformanceStatement(document: RunDocument, certification: Certification): string {
  const clauses = clauseVerdicts(document.results);
  const product = `${certification.product}${certification.productVersion ? ` ${certification.productVersion}` : ''}`;
  const specs = specifications(clauses).join(', ');
  const tool = `socks-conformance ${document.version}, case set ${caseSetHash(document).slice(0, 19)}…`;
  if (!document.complete) return `${product}: no statement: the run was incomplete (${tool}).`;
  const unjustified = clauses.filter((c) => binding(c) && deviating(c) && !justification(document, c));
  const documented = clauses.filter((c) => deviating(c) && justification(document, c)).length;
  const shouldMet = clauses.filter((c) => !binding(c) && c.level.toUpperCase().startsWith('SHOULD'));
  const failures = describeFailCount(document.results);
  if (unjustified.length > 0)
    return `${product} does not conform to ${unjustified.length} MUST-level clause(s) of ${specs} tested by ${tool}${failures ? ` (${failures})` : ''}.`;
  return `${product} conforms to every MUST-level clause of ${specs} tested by ${tool}${documented > 0 ? `, with ${documented} documented deviation(s)` : ''}; ${shouldMet.filter((c) => !deviating(c)).length} of ${shouldMet.length} SHOULD-level clauses met.`;
}

function clauseTable(document: RunDocument, clauses: readonly ClauseVerdict[]): Html {
  if (clauses.length === 0) return html`<p>No clause of this level was checked.</p>`;
  return html`<table><tr><th>clause</th><th>section</th><th>level</th><th>verdict</th><th>cases</th></tr>
${clauses.map(
  (c) =>
    html`<tr><td><code>${c.clause}</code></td><td>${c.section}</td><td>${c.level}</td><td>${badge(c.verdict, c.known)}</td><td>${c.cases.length}${justification(document, c) ? ' (deviation documented)' : ''}</td></tr>`,
)}</table>`;
}

function deviations(document: RunDocument, clauses: readonly ClauseVerdict[]): Html {
  const rows = clauses.filter(deviating).map((c) => {
    const why = justification(document, c);
    const failing = document.results.filter(
      (r) =>
        c.cases.includes(r.id) && (r.verdict === 'FAIL' || r.verdict === 'ERROR' || r.verdict === 'WARN'),
    );
    return html`<tr><td><code>${c.clause}</code></td><td>${c.level}</td><td>${badge(c.verdict)}</td>
<td>${failing.map((r) => html`<div><code>${r.id}</code>: ${explain(r)}: ${r.observed}</div>`)}</td>
<td>${why ?? html`<strong>none given</strong>`}</td></tr>`;
  });
  const excluded = (document.exclusions ?? []).map(
    (e) =>
      html`<tr><td><code>${e.pattern}</code></td><td>–</td><td>not run</td><td>excluded by the profile</td><td>${e.reason}</td></tr>`,
  );
  if (rows.length + excluded.length === 0) return html`<p>None: every clause checked was met.</p>`;
  return html`<table><tr><th>clause or cases</th><th>level</th><th>verdict</th><th>observed</th><th>justification</th></tr>
${rows}${excluded}</table>`;
}

const style = `
body { font-family: Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; font-size: 13px; }
h1 { font-size: 1.7em; margin-bottom: 0; } h2 { font-size: 1.2em; border-bottom: 1px solid #999; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; } th, td { border: 1px solid #bbb; padding: .2em .5em;
  text-align: left; vertical-align: top; } th { background: #eee; } code { font-size: 12px; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; } dt { font-weight: bold; }
.statement { font-size: 1.15em; border: 2px solid #111; padding: .7em; margin: 1em 0; }
.badge { font-family: sans-serif; font-size: 11px; font-weight: bold; padding: 0 .3em; border-radius: 2px; color: #fff;
  background: #555; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.v-PASS { background: #1a7f37; } .v-FAIL { background: #cf222e; } .v-ERROR { background: #8250df; }
.v-WARN { background: #9a6700; } .v-INFO { background: #0969da; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;

/** The vendor certification report: one printable HTML page. */
export function formatCertificate(document: RunDocument, certification: Certification): string {
  const clauses = clauseVerdicts(document.results);
  const rows: [string, string][] = [
    ['product', certification.product],
    ['product version', certification.productVersion ?? 'not given'],
    ['tested with', `socks-conformance ${document.version} (JSON schema ${document.schema})`],
    ['case set', `${caseSetHash(document)} (${document.results.length} cases)`],
    ['date', document.startedAt],
    ['target', targetName(document)],
    ['profile', document.profile],
    [
      'expected features',
      document.expect && document.expect.length > 0 ? document.expect.join(', ') : 'none',
    ],
    ['capabilities found', formatCapabilities(document.capabilities)],
    ['run', document.complete ? 'complete' : 'INCOMPLETE'],
  ];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>SOCKS conformance certification: ${certification.product} ${certification.productVersion ?? ''}</title>
<style>${raw(style)}</style>
</head>
<body>
<h1>SOCKS conformance certification report</h1>
<p>${certification.product} ${certification.productVersion ?? ''}</p>
<p class="statement">${conformanceStatement(document, certification)}</p>
<dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<h2>Deviations and their justification</h2>
${deviations(document, clauses)}
${groups.map(
  (g) => html`<h2>${g.title}</h2>
${clauseTable(
  document,
  clauses.filter((c) => (g.levels as readonly string[]).includes(c.level)),
)}`,
)}
<p>Each verdict is the worst of every check of the clause; the full evidence (expected outcomes, observations and
annotated traces) is in the run's HTML or JSON report. A clause is met when the target's behaviour is one the
specification allows.</p>
</body>
</html>
`;
  return page.text;
}
