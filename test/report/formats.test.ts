import { beforeAll, describe, expect, it } from 'vitest';
import { convert } from 'xmlbuilder2';
import { acceptable, explain } from '../../harness/model/outcome.js';
import type { CaseResult, RunDocument } from '../../harness/model/result.js';
import type { AnnotatedEvent } from '../../harness/net/annotate.js';
import { formatTrace } from '../../harness/net/hexdump.js';
import { formatHtml } from '../../harness/report/html.js';
import { formatJunit } from '../../harness/report/junit.js';
import { formatMarkdown } from '../../harness/report/markdown.js';
import { formatTap } from '../../harness/report/tap.js';
import { xmlSafe } from '../../harness/report/xml-safe.js';
import { quickMutant, runReference } from './real-runs.js';
import { expectValidJunit, parseTap } from './report-checks.js';

type Xml = Record<string, unknown>;
/** xmlbuilder2's object form keeps the five predefined entities as written. */
const decode = (text: unknown) =>
  String(text).replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e as 'lt'],
  );
const list = (v: unknown): Xml[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as Xml]);

/** The mutant's document with bytes a hostile target could put in a trace or a name. */
function hostile(document: RunDocument): RunDocument {
  const nasty = 'NUL\x00 ESC\x1b[31m <script>alert(1)</script> ]]> # \\ & "q" \uD800 lone \uFFFF end';
  const results = document.results.map(
    (r, i): CaseResult =>
      i === 0
        ? {
            ...r,
            verdict: 'FAIL',
            trace: [...r.trace, { type: 'note', at: 0, conn: 'c1', text: nasty }],
            observed: nasty,
          }
        : r,
  );
  return { ...document, results };
}

describe('TAP, JUnit and Markdown reports of real runs', () => {
  let reference: RunDocument;
  let mutant: RunDocument;
  beforeAll(async () => {
    reference = await runReference();
    mutant = await runReference(quickMutant);
  }, 120_000);

  it('TAP 14: one test point per case with id and clause, YAML diagnostics for every non-pass', async () => {
    for (const document of [reference, mutant]) {
      const { points, final, version } = await parseTap(formatTap(document));
      expect(version).toBe(14);
      expect(final.plan.end).toBe(document.results.length);
      expect(points).toHaveLength(document.results.length);
      document.results.forEach((r, i) => {
        const point = points[i]!;
        expect(point.name.startsWith(`${r.id} [${r.clause}] `)).toBe(true);
        expect(point.ok).toBe(r.verdict !== 'FAIL' && r.verdict !== 'ERROR');
        if (r.verdict === 'SKIP' || r.verdict === 'UNSUPPORTED') expect(point.skip).toBeTruthy();
        if (r.verdict === 'PASS') expect(point.diag).toBeNull();
        else
          expect(point.diag).toMatchObject({
            verdict: r.verdict,
            expected: acceptable(r),
            observed: r.observed,
            matched: explain(r),
            trace: formatTrace(r.trace),
          });
      });
      expect(final.ok).toBe(!document.results.some((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR'));
    }
    expect(mutant.summary.FAIL).toBeGreaterThan(0);
  });

  it('TAP of an interrupted run ends with Bail out!', async () => {
    const { final } = await parseTap(formatTap({ ...mutant, complete: false }));
    expect(final.bailout).toContain('interrupted');
  });

  it('JUnit via tap-junit: valid against the schema, one testsuite per section, trace in each failure', async () => {
    for (const document of [reference, mutant]) {
      const xml = await formatJunit(document);
      await expectValidJunit(xml);
      const root = (convert(xml, { format: 'object' }) as { testsuites: Xml }).testsuites;
      const suites = list(root.testsuite);
      expect(suites.map((s) => s['@name'])).toEqual([...new Set(document.results.map((r) => r.section))]);
      expect(Number(root['@tests'])).toBe(document.results.length);
      expect(Number(root['@failures'])).toBe(document.summary.FAIL);
      const testcases = suites.flatMap((s) => list(s.testcase));
      document.results.forEach((r, i) => {
        const testcase = testcases[i]!;
        expect(decode(testcase['@name'])).toBe(`${r.id} [${r.clause}] ${r.title}`);
        expect(testcase['@classname']).toBe(r.section);
        if (r.verdict === 'FAIL') {
          const failure = testcase.failure as Xml;
          expect(decode(failure['@message'])).toBe(`FAIL: ${explain(r)}`);
          // A trace may hold control characters (octets of a name shown as latin1), which XML carries as \xNN.
          expect(decode(failure['#'])).toContain(xmlSafe(formatTrace(r.trace)));
          expect(decode(failure['#'])).toContain(`re-run: ${r.rerun}`);
        } else expect(testcase.failure).toBeUndefined();
        if (r.verdict === 'SKIP') expect(testcase.skipped).toBeDefined();
      });
    }
  });

  it('escapes whatever a target put in a trace, in TAP and JUnit', async () => {
    const document = hostile(mutant);
    const { points } = await parseTap(formatTap(document));
    expect(points[0]!.diag.observed).toBe(document.results[0]!.observed);
    const xml = await formatJunit(document);
    await expectValidJunit(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('NUL\\x00 ESC\\x1b[31m');
  });

  it('Markdown: a summary with the counts and one row per failure', () => {
    const text = formatMarkdown(mutant);
    expect(text).toMatch(/^## ❌ SOCKS conformance of 127\.0\.0\.1:\d+: \d+ FAIL: \d+ defects?/);
    for (const r of mutant.results.filter((x) => x.verdict === 'FAIL'))
      expect(text).toContain(`| FAIL | \`${r.id}\` | \`${r.clause}\` |`);
    expect(formatMarkdown(reference)).toMatch(/^## ✅ .*: 0 failing/);
    expect(formatMarkdown(hostile(mutant))).not.toContain('<script>');
  });
});

describe('the HTML report reads the typed result', () => {
  const trace: AnnotatedEvent[] = [
    {
      type: 'data',
      at: 0.4,
      conn: 'c1',
      dir: 'sent',
      length: 3,
      annotation: [{ octets: '050100', note: 'greeting' }],
    },
    {
      type: 'datagram',
      at: 2,
      conn: 'u1',
      dir: 'received',
      peer: '127.0.0.1:9',
      length: 2,
      annotation: [{ octets: 'abcd', note: 'echo' }],
    },
    { type: 'note', at: 3, conn: 'c1', text: '> not data' },
  ];
  const result = {
    id: 'x/y',
    clause: 'rfc1928/3-select-offered',
    clauses: ['rfc1928/3-select-offered'],
    level: 'MUST',
    role: 'server',
    section: 'S',
    verdict: 'FAIL',
    title: 'T',
    requirement: 'R',
    expected: [
      { verdict: 'PASS', when: 'selects NO-AUTH' },
      { verdict: 'FAIL', when: 'selects what was not offered' },
    ],
    matched: 1,
    observed: 'VER=5 METHOD=02',
    checks: [],
    durationMs: 1,
    trace,
    rerun: 'again',
  } as const satisfies CaseResult;
  const page = formatHtml({
    tool: 'socks-conformance',
    version: 'test',
    schema: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    target: 't',
    profile: 'default',
    complete: true,
    summary: { total: 1, wallMs: 1, FAIL: 1 },
    results: [result],
  });

  it("colours every line of an event by the event's direction", () => {
    expect(page).toContain('<span class="out">c1  +0.4ms  &gt; 05 01 00');
    expect(page).toContain('<span class="in">u1  +2.0ms  &lt; datagram from 127.0.0.1:9 (2 bytes)</span>');
    expect(page).toMatch(/<span class="in"> +ab cd +echo<\/span>/);
    expect(page).toContain('<span class="note">c1  +3.0ms    note: &gt; not data</span>');
  });

  it('lists the outcomes that do not fail, and says which outcome matched', () => {
    expect(page).toContain('<li class="">selects NO-AUTH (PASS)</li>');
    expect(page).not.toContain('selects what was not offered (FAIL)');
    expect(page).toContain('<strong>Matched:</strong> selects what was not offered');
  });
});
