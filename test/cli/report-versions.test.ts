import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptable, explain } from '../../harness/model/outcome.js';
import { type RunDocument, SCHEMA_VERSION } from '../../harness/model/result.js';
import type { CaseResultV1, RunDocumentV1 } from '../../harness/report/report-v1.js';
import { runCli } from '../support/run-cli.js';

/** Two shards of a schema 1 run: the reference server with select-unoffered-method, socks5/method/*. */
const v1Files = ['fixtures/reports/v1-shard-1-of-2.json', 'fixtures/reports/v1-shard-2-of-2.json'];
const v1 = v1Files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunDocumentV1);
const mutant = ['--reference-fault', 'select-unoffered-method'];
/** The cases of the second shard, whose failures a baseline read from it knows. */
const shard2 = v1[1]!.results.flatMap((r) => ['--only', r.id]);
const failing2 = v1[1]!.results.filter((r) => r.verdict === 'FAIL').length;

let dir: string;
let v2Report: string;
let future: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-versions-'));
  v2Report = path.join(dir, 'v2.json');
  const run = await runCli([...mutant, ...shard2, '--json', v2Report]);
  expect(run.code).toBe(1);
  future = path.join(dir, 'future.json');
  await writeFile(future, JSON.stringify({ ...JSON.parse(await readFile(v2Report, 'utf8')), schema: 3 }));
}, 60_000);

const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RunDocument;

/** The human words of a converted result are the schema 1 words. */
function expectSameWords(converted: RunDocument['results'][number], old: CaseResultV1): void {
  expect(explain(converted)).toBe(old.matched);
  expect(acceptable(converted)).toEqual(old.expected);
  converted.checks.forEach((check, i) => {
    expect(explain(check)).toBe(old.checks[i]!.matched);
    expect(acceptable(check)).toEqual(old.checks[i]!.expected);
  });
  expect(converted.trace).toEqual([{ type: 'note', at: 0, conn: '', text: old.trace }]);
}

describe('reports of schema 1', () => {
  it('merge converts them: the joined report is schema 2 and says what schema 1 said', async () => {
    const out = path.join(dir, 'merged-v1.json');
    const result = await runCli(['merge', ...v1Files, '--json', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const merged = await read(out);
    expect(merged.schema).toBe(SCHEMA_VERSION);
    const old = new Map(v1.flatMap((d) => d.results).map((r) => [r.id, r]));
    expect(merged.results).toHaveLength(old.size);
    for (const r of merged.results) expectSameWords(r, old.get(r.id)!);
    // An outcome schema 1 listed is marked by index; the words of a matched FAIL outcome become the reason.
    expect(merged.results.some((r) => r.verdict === 'PASS' && r.matched !== undefined)).toBe(true);
    expect(merged.results.some((r) => r.verdict === 'FAIL' && r.reason !== undefined)).toBe(true);
  });

  it('matrix reads them beside a report of schema 2', async () => {
    const md = path.join(dir, 'matrix.md');
    const result = await runCli(['matrix', v1Files[1]!, v2Report, '--markdown', md]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readFile(md, 'utf8')).toContain(`2 targets × ${v1[1]!.results.length} cases`);
  });

  it('--baseline takes the failures of one as the known failures', async () => {
    const out = path.join(dir, 'baselined-v1.json');
    const result = await runCli([...mutant, ...shard2, '--baseline', v1Files[1]!, '--json', out]);
    expect(result.code).toBe(0);
    const document = await read(out);
    expect(document.baseline).toMatchObject({ knownFailures: failing2, regressions: 0 });
    const known = document.results.find((r) => r.baseline?.status === 'known-failure');
    expect(known?.baseline?.reason).toMatch(/^UNREVIEWED: FAIL /);
  });
});

describe('reports of schema 2', () => {
  it('--baseline takes the failures of one as the known failures', async () => {
    const out = path.join(dir, 'baselined-v2.json');
    const result = await runCli([...mutant, ...shard2, '--baseline', v2Report, '--json', out]);
    expect(result.code).toBe(0);
    expect((await read(out)).baseline).toMatchObject({ knownFailures: failing2, regressions: 0 });
  });

  it('a baseline file is still read as such', async () => {
    const file = path.join(dir, 'baseline.json');
    const written = await runCli([...mutant, ...shard2, '--write-baseline', file]);
    expect(written.code).toBe(1);
    const result = await runCli([...mutant, ...shard2, '--baseline', file]);
    expect(result.code).toBe(0);
  });
});

describe('reports of a schema this version does not know', () => {
  it.each([
    ['merge', (file: string) => ['merge', file, '--json', path.join(dir, 'never.json')]],
    ['matrix', (file: string) => ['matrix', file, v2Report]],
    ['--baseline', (file: string) => [...mutant, ...shard2, '--baseline', file]],
  ])('%s refuses them in one line naming the file and the version (exit 2)', async (option, args) => {
    const result = await runCli(args(future));
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `socks-conformance: ${option} ${future}: a report of JSON schema 3; this socks-conformance reads schemas 1 and 2`,
    );
  });
});
