import { defectsOf, describeFailCount } from '../model/defects.js';
import { explain } from '../model/outcome.js';
import { type CaseResult, type RunDocument, targetName } from '../model/result.js';
import { type Verdict, verdicts } from '../model/verdict.js';
import type { AnnotatedEvent } from '../net/annotate.js';
import { traceBlocks } from '../net/hexdump.js';
import { clauseVerdicts } from './clause-verdicts.js';
import { describeTargetLost, formatCapabilities } from './console.js';
import { reportScript, reportStyle } from './html-assets.js';
import { type Html, html, raw } from './html-template.js';
import { sectionsOf } from './sections.js';

const caseAnchor = (id: string) => `case-${id}`;

export function badge(verdict: Verdict | string, known = false): Html {
  return html`<span class="badge v-${verdict}${known ? ' known' : ''}">${verdict}${known ? ' (known)' : ''}</span>`;
}

/** The colour class of an event: `out` sent by the harness, `in` received, `note` anything else. */
function flow(event: AnnotatedEvent): 'out' | 'in' | 'note' {
  if (event.type === 'rst') return 'in';
  if (event.type === 'data' || event.type === 'datagram' || event.type === 'fin')
    return event.dir === 'sent' ? 'out' : 'in';
  return 'note';
}

/** The annotated trace, every line of an event coloured by the event's direction. */
function trace(events: readonly AnnotatedEvent[]): Html {
  const lines = traceBlocks(events).flatMap(({ event, lines }) =>
    lines.map((line) => html`<span class="${flow(event)}">${line}</span>\n`),
  );
  return html`<pre class="trace">${lines}</pre>`;
}

function baselineNote(result: CaseResult): Html {
  if (!result.baseline) return html``;
  const what = result.baseline.status === 'known-failure' ? 'Known failure' : 'Unexpected pass';
  return html`<p class="warning"><strong>${what}</strong> (baseline): ${result.baseline.reason}</p>`;
}

function caseDetails(result: CaseResult): Html {
  const open = result.verdict === 'FAIL' || result.verdict === 'ERROR' || result.verdict === 'WARN';
  // "Expected one of" lists the outcomes that do not FAIL; the FAIL ones are in the JSON report.
  const expected = result.expected.flatMap((e, index) =>
    e.verdict === 'FAIL'
      ? []
      : [html`<li class="${index === result.matched ? 'matched' : ''}">${e.when} (${e.verdict})</li>`],
  );
  const checks = result.checks.map(
    (c) =>
      html`<tr><td><code>${c.clause}</code></td><td>${badge(c.verdict)}</td><td>${explain(c)}</td><td>${c.observed}</td><td>${Object.entries(
        c.measurements ?? {},
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}</td></tr>`,
  );
  return html`<details class="case" id="${caseAnchor(result.id)}" data-verdict="${result.verdict}"${raw(open ? ' open' : '')}>
<summary>${badge(result.verdict, result.baseline?.status === 'known-failure')} <code>${result.id}</code> [<code>${result.clause}</code>] ${result.level} · ${result.title}</summary>
${baselineNote(result)}
<p><strong>Requirement:</strong> ${result.requirement}</p>
<p><strong>Expected one of:</strong></p>
<ul>${expected.length > 0 ? expected : html`<li>(none: ${explain(result)})</li>`}</ul>
<p><strong>Observed:</strong> ${result.observed}</p>
<p><strong>Matched:</strong> ${explain(result)} · ${result.durationMs} ms</p>
${checks.length > 1 ? html`<table><tr><th>clause</th><th>verdict</th><th>matched</th><th>observed</th><th>measured</th></tr>${checks}</table>` : html``}
<p><strong>Trace:</strong></p>
${trace(result.trace)}
<p><strong>Re-run:</strong> <code>${result.rerun}</code></p>
</details>`;
}

function summaryTable(document: RunDocument): Html {
  const present = verdicts.filter((v) => (document.summary[v] ?? 0) > 0);
  const boxes = present.map(
    (v) =>
      html`<label><input type="checkbox" id="filter-${v}" data-filter value="${v}" checked> ${badge(v)} ${document.summary[v] ?? 0}</label>`,
  );
  return html`<div class="filters"><strong>Show:</strong> ${boxes}
<button type="button" id="only-problems">only FAIL, ERROR, WARN</button><button type="button" id="show-all">all</button></div>`;
}

function metadata(document: RunDocument): Html {
  const rows: [string, string][] = [
    ['target', targetName(document)],
    ['tool', `socks-conformance ${document.version} (JSON schema ${document.schema})`],
    ['started', document.startedAt],
    ['profile', document.profile],
    ['cases', `${document.summary.total} in ${(document.summary.wallMs / 1000).toFixed(1)} s`],
    ...(describeFailCount(document.results)
      ? [['failures', describeFailCount(document.results)] as [string, string]]
      : []),
    ['capabilities', formatCapabilities(document.capabilities)],
  ];
  if (document.expect && document.expect.length > 0)
    rows.push(['expected features', document.expect.join(', ')]);
  if (document.baseline)
    rows.push([
      'baseline',
      `${document.baseline.file}: ${document.baseline.knownFailures} known failures, ${document.baseline.regressions} regressions, ${document.baseline.unexpectedPasses} unexpected passes`,
    ]);
  return html`<dl class="meta">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** The distinct defects, each with links to the cases that show it. */
function defectList(document: RunDocument): Html {
  const defects = defectsOf(document.results);
  if (defects.length === 0) return html``;
  return html`<section class="defects"><h2>${describeFailCount(document.results)}</h2><ol>${defects.map(
    (d) =>
      html`<li><code>${d.clause}</code> ${d.title}: ${d.cases.map(
        (id, i) => html`${i > 0 ? ', ' : ''}<a href="#${caseAnchor(id)}">${id}</a>`,
      )}</li>`,
  )}</ol></section>`;
}

function incomplete(document: RunDocument): Html {
  if (document.targetLost)
    return html`<p class="warning"><strong>Incomplete:</strong> the target ${describeTargetLost(document.targetLost)}</p>`;
  if (!document.complete)
    return html`<p class="warning"><strong>Incomplete:</strong> the run was interrupted; only the cases below ran.</p>`;
  return html``;
}

const links = (ids: readonly string[]) =>
  ids.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="#${caseAnchor(id)}">${id}</a>`);

/** The cases of a clause: those that did not pass by name, the passing ones folded away. */
function caseLinks(ids: readonly string[], verdictOf: ReadonlyMap<string, Verdict>): Html {
  const passing = ids.filter((id) => verdictOf.get(id) === 'PASS');
  const other = ids.filter((id) => verdictOf.get(id) !== 'PASS');
  const folded =
    passing.length === 0
      ? html``
      : html`<details><summary>${passing.length} passing</summary>${links(passing)}</details>`;
  return html`${links(other)}${folded}`;
}

function clauseTables(document: RunDocument): Html {
  const clauses = clauseVerdicts(document.results);
  const verdictOf = new Map(document.results.map((r) => [r.id, r.verdict]));
  const sections = [...new Set(clauses.map((c) => c.section))];
  return html`${sections.map((section) => {
    const rows = clauses
      .filter((c) => c.section === section)
      .map(
        (c) =>
          html`<tr data-verdict="${c.verdict}"><td><code>${c.clause}</code></td><td>${c.level}</td><td>${badge(c.verdict, c.known)}</td><td>${caseLinks(c.cases, verdictOf)}</td></tr>`,
      );
    return html`<section data-group><h3>${section}</h3>
<table><tr><th>clause</th><th>level</th><th>verdict</th><th>cases</th></tr>${rows}</table></section>`;
  })}`;
}

function caseSections(document: RunDocument): Html {
  return html`${[...sectionsOf(document.results)].map(
    ([section, results]) => html`<section data-group><h3>${section}</h3>
${results.map(caseDetails)}</section>`,
  )}`;
}

/** One self-contained, offline HTML file: summary, clause tables per section, filters, every case in full. */
export function formatHtml(document: RunDocument): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>SOCKS conformance: ${targetName(document)}</title>
<style>${raw(reportStyle)}</style>
</head>
<body>
<h1>SOCKS conformance report: ${targetName(document)}</h1>
${incomplete(document)}
${metadata(document)}
${summaryTable(document)}
${defectList(document)}
<h2>Clauses by section</h2>
${clauseTables(document)}
<h2>Cases</h2>
${caseSections(document)}
<script>${raw(reportScript)}</script>
</body>
</html>
`;
  return page.text;
}
