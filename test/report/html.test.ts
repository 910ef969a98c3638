import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { formatHtml } from '../../harness/report/html.js';
import { chromium, ensureChromium } from './chromium.js';
import { quickMutant, runReference } from './real-runs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'socks-html-'));

function page(name: string, document: RunDocument): string {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, formatHtml(document));
  return pathToFileURL(file).href;
}

/** The case elements of the rendered DOM with whether each is hidden. */
function cases(dom: string): { id: string; verdict: string; hidden: boolean }[] {
  return [...dom.matchAll(/<details class="case" id="case-([^"]+)" data-verdict="(\w+)"([^>]*)>/g)].map(
    (m) => ({
      id: m[1]!,
      verdict: m[2]!,
      hidden: /\bhidden\b/.test(m[3]!),
    }),
  );
}

const visible = (dom: string) => Number(/data-visible-cases="(\d+)"/.exec(dom)?.[1]);

describe('the HTML report in headless Chromium', () => {
  let binary: string;
  let mutant: RunDocument;
  beforeAll(async () => {
    [binary, mutant] = await Promise.all([ensureChromium(), runReference(quickMutant)]);
  }, 360_000);

  it('renders every case, and the verdict filter hides what it should when clicked', async () => {
    const url = page('mutant', mutant);
    const all = await chromium(binary, ['--dump-dom', url]);
    expect(visible(all)).toBe(mutant.results.length);
    expect(cases(all)).toHaveLength(mutant.results.length);
    expect(cases(all).every((c) => !c.hidden)).toBe(true);

    const noPass = await chromium(binary, ['--dump-dom', `${url}?click=filter-PASS`]);
    const shown = cases(noPass);
    expect(shown.filter((c) => c.verdict === 'PASS').every((c) => c.hidden)).toBe(true);
    expect(shown.filter((c) => c.verdict !== 'PASS').every((c) => !c.hidden)).toBe(true);
    expect(visible(noPass)).toBe(mutant.results.filter((r) => r.verdict !== 'PASS').length);

    const problems = await chromium(binary, ['--dump-dom', `${url}?click=only-problems`]);
    expect(visible(problems)).toBe(mutant.summary.FAIL);
  });

  it('takes a screenshot of the rendered page', async () => {
    const file = path.join(dir, 'report.png');
    await chromium(binary, [
      `--screenshot=${file}`,
      '--window-size=1280,1400',
      `${page('screenshot', mutant)}?click=filter-PASS`,
    ]);
    const png = readFileSync(file);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    // `SOCKS_CONFORMANCE_REFRESH_SCREENSHOT=1 npx vitest run test/report/html.test.ts` renews the README's image.
    if (process.env.SOCKS_CONFORMANCE_REFRESH_SCREENSHOT === '1') copyFileSync(file, 'docs/html-report.png');
  });

  it('shows markup a target sent as text: nothing in a trace runs or becomes an element', async () => {
    const attack =
      '</pre><script>document.title="pwned"</script><img src=x onerror="document.body.dataset.pwned=1"> \x00\x1b';
    const [first, ...rest] = mutant.results;
    const hostile: RunDocument = {
      ...mutant,
      results: [
        {
          ...first!,
          verdict: 'FAIL',
          trace: [...first!.trace, { type: 'note', at: 0, conn: 'c1', text: attack }],
          observed: attack,
        },
        ...rest,
      ],
    };
    const dom = await chromium(binary, ['--dump-dom', page('hostile', hostile)]);
    expect(dom).toMatch(/<title>SOCKS conformance: 127\.0\.0\.1:\d+<\/title>/);
    expect(dom).not.toContain('data-pwned');
    expect(dom).not.toMatch(/<img src="x"/);
    expect(dom).toContain('&lt;/pre&gt;&lt;script&gt;document.title="pwned"&lt;/script&gt;');
    expect(dom).toContain('\\x00\\x1b');
  });
});
