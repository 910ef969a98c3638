/** The HTML report's stylesheet: inline, so that the file is self-contained and works offline. */
export const reportStyle = `
:root { font-family: system-ui, sans-serif; font-size: 14px; color: #1b1f24; }
body { margin: 1.5em auto; max-width: 78em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.n { text-align: right; }
td:first-child { white-space: nowrap; }
code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; white-space: pre; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; }
dl.meta dt { font-weight: 600; }
.badge { display: inline-block; min-width: 7.5em; padding: 0 .4em; border-radius: 3px; font-weight: 600;
  font-size: 12px; text-align: center; color: #fff; background: #57606a; }
.v-PASS { background: #1a7f37; } .v-FAIL { background: #cf222e; } .v-ERROR { background: #8250df; }
.v-WARN { background: #bf8700; } .v-INFO { background: #0969da; } .v-UNSUPPORTED { background: #6e7781; }
.v-SKIP { background: #8c959f; } .known { outline: 2px dashed #cf222e; outline-offset: -2px; }
.filters label { margin-right: 1em; white-space: nowrap; }
.filters button { margin-left: .5em; }
details.case { border: 1px solid #d0d7de; border-radius: 4px; margin: .3em 0; padding: .2em .6em; }
details.case > summary { cursor: pointer; }
details.case[open] > summary { margin-bottom: .4em; }
li.matched { font-weight: 600; }
.trace .out { color: #0550ae; } .trace .in { color: #953800; } .trace .note { color: #57606a; }
.warning { background: #fff8c5; border: 1px solid #d4a72c; padding: .5em; }
@media print { .filters { display: none; } details.case { break-inside: avoid; } }
`;

/**
 * Filters by verdict: a checkbox per verdict hides the clause rows and cases of that verdict, and a section
 * whose rows are all hidden. `?click=ID,ID` clicks those elements after load: the hook the screenshot test uses
 * to drive the page as a user would.
 */
export const reportScript = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    var visible = 0;
    document.querySelectorAll('[data-verdict]').forEach(function (el) {
      el.hidden = !shown[el.getAttribute('data-verdict')];
      if (!el.hidden && el.classList.contains('case')) visible++;
    });
    document.querySelectorAll('[data-group]').forEach(function (group) {
      group.hidden = group.querySelectorAll('[data-verdict]:not([hidden])').length === 0;
    });
    document.body.setAttribute('data-visible-cases', String(visible));
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  var problems = document.getElementById('only-problems');
  if (problems) problems.addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = ['FAIL', 'ERROR', 'WARN'].indexOf(b.value) >= 0; });
    apply();
  });
  var all = document.getElementById('show-all');
  if (all) all.addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    apply();
  });
  apply();
  var clicks = new URLSearchParams(location.search).get('click');
  if (clicks) clicks.split(',').forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.click();
  });
})();
`;
