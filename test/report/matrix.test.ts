import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { formatJson } from '../../harness/report/json.js';
import { buildMatrix } from '../../harness/report/matrix.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { runReference } from './real-runs.js';

const only = ['socks5/method/*', 'socks5/address/*'];
const _cli = cliPath;

const run = (args: string[]) => runCli(args);

describe('socks-conformance matrix', () => {
  let reference: RunDocument;
  let broad: RunDocument;
  let narrow: RunDocument;
  beforeAll(async () => {
    [reference, broad, narrow] = await Promise.all([
      runReference([], only),
      runReference(['select-unoffered-method'], only),
      runReference(['domain-cut-at-nul'], only),
    ]);
  }, 60_000);

  it('marks where targets differ, and as disputed where the failing target passes nearly everything else', () => {
    const matrix = buildMatrix([
      { label: 'reference', document: reference },
      { label: 'broad', document: broad },
      { label: 'narrow', document: narrow },
    ]);
    expect(matrix.rows).toHaveLength(reference.results.length);
    const narrowFails = narrow.results.filter((r) => r.verdict === 'FAIL').map((r) => r.id);
    expect(narrowFails.length).toBeGreaterThan(0);
    for (const row of matrix.rows) {
      const verdicts = new Set(row.verdicts);
      expect(row.differs).toBe(verdicts.has('PASS') && (verdicts.has('FAIL') || verdicts.has('WARN')));
      // The narrow mutant fails only its own clause: each of its failures is disputed.
      if (narrowFails.includes(row.id)) expect(row.disputed).toBe(true);
      if (!row.differs) expect(row.disputed).toBe(false);
    }
    // The broad mutant fails a whole section: it does not pass elsewhere, so its own failures are not disputed.
    const broadOnly = matrix.rows.filter((r) => r.verdicts[1] === 'FAIL' && r.verdicts[2] === 'PASS');
    expect(broadOnly.length).toBeGreaterThan(0);
    expect(broadOnly.every((r) => !r.disputed)).toBe(true);
  });

  it('reads JSON reports and writes HTML and Markdown; bad input is one line and exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socks-matrix-'));
    const files = [reference, narrow].map((d, i) => {
      const file = path.join(dir, `${['reference', 'narrow'][i]}.json`);
      writeFileSync(file, formatJson(d));
      return file;
    });
    const html = path.join(dir, 'm.html');
    const md = path.join(dir, 'm.md');
    const result = await run(['matrix', ...files, '--html', html, '--markdown', md]);
    expect(result.code, result.stderr).toBe(0);
    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toContain('| | case | clause | reference | narrow |');
    expect(markdown).toMatch(/\| ⚑ \| `socks5\/address\/[^`]+` \|.*\| PASS \| FAIL \|/);
    expect(readFileSync(html, 'utf8')).toContain('class="disputed"');
    const printed = await run(['matrix', ...files]);
    expect(printed.stdout).toBe(markdown);

    writeFileSync(path.join(dir, 'not-a-report.json'), '{"tool":"other"}');
    for (const args of [[files[0]!], [files[0]!, path.join(dir, 'not-a-report.json')]]) {
      const bad = await run(['matrix', ...args]);
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]).toMatch(/^socks-conformance: /);
    }
  });
});
