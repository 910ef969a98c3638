import { targetName } from '../model/result.js';
import { badge } from './html.js';
import { reportStyle } from './html-assets.js';
import { html, raw } from './html-template.js';
import type { Matrix } from './matrix.js';

const script = `
(function () {
  var box = document.getElementById('only-differing');
  function apply() {
    document.querySelectorAll('tr[data-differs]').forEach(function (row) {
      row.hidden = box.checked && row.getAttribute('data-differs') === 'false';
    });
  }
  box.addEventListener('change', apply);
  apply();
})();
`;

/** Targets × cases in one self-contained page; disputed rows marked, a filter for the rows that differ. */
export function formatMatrixHtml(matrix: Matrix): string {
  const header = matrix.columns.map(
    (c) => html`<th>${c.label}<br><small>${targetName(c.document)} · ${c.document.startedAt}</small></th>`,
  );
  const rows = matrix.rows.map(
    (r) =>
      html`<tr data-differs="${String(r.differs)}"${raw(r.disputed ? ' class="disputed"' : '')}><td>${r.disputed ? '⚑' : ''}</td><td><code>${r.id}</code></td><td><code>${r.clause}</code></td><td>${r.level}</td>${r.verdicts.map((v) => html`<td>${v ? badge(v) : '–'}</td>`)}</tr>`,
  );
  const disputed = matrix.rows.filter((r) => r.disputed).length;
  const differing = matrix.rows.filter((r) => r.differs).length;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>SOCKS conformance matrix</title>
<style>${raw(reportStyle)} tr.disputed td { background: #fff8c5; }</style>
</head>
<body>
<h1>SOCKS conformance matrix: ${matrix.columns.length} targets × ${matrix.rows.length} cases</h1>
<p>${differing} case(s) where targets differ; ${disputed} disputed (⚑): a target that passes nearly everything
else fails the case while another target passes it, a hint that the clause is read two ways.</p>
<p class="filters"><label><input type="checkbox" id="only-differing"> only cases where targets differ</label></p>
<table><tr><th></th><th>case</th><th>clause</th><th>level</th>${header}</tr>
${rows}</table>
<script>${raw(script)}</script>
</body>
</html>
`.text;
}
