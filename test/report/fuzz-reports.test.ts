import { describe, expect, it } from 'vitest';
import { FINDING_SCHEMA, type FuzzFindingRecord } from '../../harness/report/fuzz-finding.js';
import { formatFuzzJunit } from '../../harness/report/fuzz-junit.js';
import { formatFuzzMarkdown } from '../../harness/report/fuzz-markdown.js';
import { formatFuzzSummary, progressReporter } from '../../harness/report/fuzz-progress.js';
import { FUZZ_REPORT_SCHEMA, type FuzzReport, mergeFuzzReports } from '../../harness/report/fuzz-report.js';
import { findingAnnotation } from '../../harness/report/github-actions.js';
import { expectValidJunit } from './report-checks.js';

function finding(clause: string, what: string, path: string): FuzzFindingRecord {
  return {
    tool: 'socks-conformance',
    type: 'fuzz-finding',
    schema: FINDING_SCHEMA,
    toolVersion: '0.0.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    role: 'server',
    target: '127.0.0.1:1080',
    referenceFaults: [],
    versions: ['5'],
    seed: 9,
    path,
    casesRun: 10,
    shrinks: 3,
    kind: 'violation',
    clause,
    what,
    input: {},
    sent: '0501ff',
    trace: [],
  };
}

function report(overrides: Partial<FuzzReport> = {}): FuzzReport {
  return {
    tool: 'socks-conformance',
    type: 'fuzz-campaign',
    schema: FUZZ_REPORT_SCHEMA,
    toolVersion: '0.0.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    role: 'server',
    target: '127.0.0.1:1080',
    referenceFaults: [],
    versions: ['5'],
    seed: 9,
    budget: { runs: 100 },
    jobs: 4,
    cases: 100,
    skipped: 0,
    wallMs: 2000,
    complete: true,
    findings: [],
    ...overrides,
  };
}

const counts = { cases: 10, shrinks: 0, findings: 0, startedMs: 0 };

describe('fuzz progress', () => {
  it('writes nothing but the summary with --quiet', () => {
    let out = '';
    const progress = progressReporter({ live: false, colour: false, quiet: true }, (t) => (out += t));
    progress.update(counts);
    progress.done();
    expect(out).toBe('');
  });

  it('writes a plain line every few seconds without a live console', () => {
    let out = '';
    let now = 0;
    const plain = { live: false, colour: false, quiet: false };
    const progress = progressReporter(
      plain,
      (t) => (out += t),
      () => now,
    );
    for (const at of [1000, 4000, 5000, 6000, 10_000]) {
      now = at;
      progress.update({ ...counts, cases: at / 1000 });
    }
    progress.done();
    expect(out.split('\n').map((line) => line.replace(/, \d+ cases\/s/, ''))).toEqual([
      'fuzz: 5 cases, 0 distinct findings',
      'fuzz: 10 cases, 0 distinct findings',
      '',
    ]);
  });

  it('rewrites one status line on a live console and clears it at the end', () => {
    let out = '';
    let now = 0;
    const live = { live: true, colour: true, quiet: false };
    const progress = progressReporter(
      live,
      (t) => (out += t),
      () => now,
    );
    now = 250;
    progress.update(counts);
    expect(out.startsWith('\r\x1b[2Kfuzz: 10 cases')).toBe(true);
    progress.done();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('says in the summary that a campaign was interrupted, and colours the verdict only when asked', () => {
    const found = { ...counts, findings: 1, hits: 3 };
    expect(formatFuzzSummary(found, { interrupted: true }, 1000)).toBe(
      'fuzz: interrupted after 10 cases in 1.0 s (10 cases/s), 1 distinct finding; 3 inputs hit it',
    );
    expect(formatFuzzSummary(found, { colour: true }, 1000)).toContain(
      '\x1b[31m1 distinct finding; 3 inputs hit it\x1b[0m',
    );
    expect(formatFuzzSummary({ ...counts, findings: 3, hits: 41 }, {}, 1000)).toContain(
      '3 distinct findings; 41 inputs hit them',
    );
  });
});

describe('fuzz campaign reports', () => {
  it('JUnit: a failing testcase per finding of merged shards, valid against the schema', async () => {
    const xml = formatFuzzJunit(
      report({
        shards: [1, 2],
        findings: [finding('rfc1928/4-cmd', 'REP 00 <for> X\x01', '4'), finding('rfc1928/6-rep', 'b', '7')],
      }),
      ['reports/fuzz/a.json'],
    );
    await expectValidJunit(xml);
    expect(xml).toContain('tests="2" failures="2" errors="0"');
    expect(xml).toContain('<property name="shard" value="merged 1, 2"/>');
    expect(xml).toContain('message="rfc1928/4-cmd: REP 00 &lt;for&gt; X\\x01"');
    expect(xml).toContain('replay: npx socks-conformance fuzz --replay reports/fuzz/a.json');
    expect(xml).toContain('seed 9, path "7", 10 cases run');
  });

  it('a client campaign that never reached its client is an error in JUnit and no ✅ in Markdown', async () => {
    const never = report({ role: 'client', target: 'curl {url}', unreached: 100 });
    expect(formatFuzzMarkdown(never).split('\n')[0]).toBe(
      '## ❌ SOCKS client fuzz campaign against client curl {url}: the client never connected',
    );
    const xml = formatFuzzJunit(never);
    await expectValidJunit(xml);
    expect(xml).toContain(
      '<error message="the client never connected to the scripted server" type="unreached"/>',
    );
  });

  it('Markdown: one table row per finding, its cells kept to one line and free of HTML', () => {
    const md = formatFuzzMarkdown(report({ findings: [finding('rfc1928/4-cmd', 'a | b\n<c>', '4')] }), [
      'f.json',
    ]);
    expect(md).toContain(
      '| `rfc1928/4-cmd` | violation | a \\| b &lt;c&gt; |  | 1 | `0501ff` | `npx socks-conformance fuzz --replay f.json` |',
    );
  });

  it('merge: the joined campaign is complete only if every shard was', () => {
    const shards = [1, 2].map((index) => report({ shard: { index, count: 2 }, complete: index === 1 }));
    const merged = mergeFuzzReports(['a.json', 'b.json'], shards);
    expect(merged.ok && merged.report.complete).toBe(false);
  });

  it('a finding is one ::error line: the clause as title, what went wrong and the replay command', () => {
    const line = findingAnnotation(finding('rfc1928/4-cmd', '100% wrong,\nsurely: yes', '4'), 'f.json');
    expect(line).toBe(
      '::error title=FINDING [rfc1928/4-cmd]::100%25 wrong,%0Asurely: yes — replay: npx socks-conformance fuzz --replay f.json',
    );
  });
});
