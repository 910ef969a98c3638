import { z } from 'zod';
import { exitCodeFor } from '../harness/engine/server/run-suite.js';
import type { CaseResult, RunDocument } from '../harness/model/result.js';
import { ExitCode, verdicts } from '../harness/model/verdict.js';
import { FUZZ_REPORT_SCHEMAS, type FuzzReport, mergeFuzzReports } from '../harness/report/fuzz-report.js';
import { fuzzReportFromV1 } from '../harness/report/report-v1.js';
import { writeWhole } from '../harness/report/write-file.js';
import { serverGroups } from '../suites/index.js';
import { readJsonFile } from './read-json-file.js';
import { readRunReport } from './report-file.js';
import { UsageError } from './usage-error.js';

export interface MergeFlags {
  json: string;
}

/** What merge checks of a shard's report besides its results; the rest is carried over as it is. */
const shardFields = {
  version: z.string(),
  target: z.string(),
  profile: z.string(),
  startedAt: z.string(),
  complete: z.boolean(),
  summary: z.looseObject({ wallMs: z.number() }),
  shard: z.object(
    { index: z.number(), count: z.number(), caseSet: z.string(), selectedCases: z.number() },
    'not the report of a shard (run with --shard K/N)',
  ),
};

const fuzzReportSchema = z.looseObject({
  tool: z.literal('socks-conformance', 'not a socks-conformance JSON report'),
  type: z.literal('fuzz-campaign'),
  schema: z.number(),
  toolVersion: z.string(),
  startedAt: z.string(),
  target: z.string(),
  referenceFaults: z.array(z.string()),
  versions: z.array(z.string()),
  seed: z.number(),
  budget: z.union([z.object({ runs: z.number() }), z.object({ timeMs: z.number() })]),
  shard: z.object({ index: z.number(), count: z.number() }, 'not the report of a shard (fuzz --shard K/N)'),
  jobs: z.number(),
  cases: z.number(),
  wallMs: z.number(),
  findings: z.array(z.looseObject({ path: z.string(), clause: z.string(), trace: z.unknown() })),
});

const reportKind = z.looseObject({
  tool: z.literal('socks-conformance', 'not a socks-conformance JSON report'),
  type: z.string().optional(),
});

/** The shards of one fuzz campaign joined; exits 1 if any shard made a finding, as the campaign would have. */
async function mergeFuzz(files: string[], flags: MergeFlags): Promise<number> {
  const reports: FuzzReport[] = [];
  for (const file of files) {
    const report = (await readJsonFile('merge', file, fuzzReportSchema)) as unknown as FuzzReport;
    if (!FUZZ_REPORT_SCHEMAS.includes(report.schema))
      throw new UsageError(
        `merge ${file}: a fuzz report of JSON schema ${report.schema}; this socks-conformance reads schemas ${FUZZ_REPORT_SCHEMAS.join(', ')}`,
      );
    reports.push(report);
  }
  const merged = mergeFuzzReports(files, reports);
  if (!merged.ok) throw new UsageError(`merge: ${merged.reason}`);
  const report = fuzzReportFromV1(merged.report);
  await writeWhole(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  const findings = report.findings.map((f) => `${f.clause} (path ${f.path})`).join(', ');
  process.stdout.write(
    `merged ${files.length} fuzz shards: ${report.cases} cases, ${findings === '' ? 'no finding' : `findings: ${findings}`}\nJSON report: ${flags.json}\n`,
  );
  return report.findings.length > 0 ? ExitCode.FAILED : ExitCode.OK;
}

function sameEverywhere(
  files: string[],
  documents: RunDocument[],
  field: string,
  value: (d: RunDocument) => string,
) {
  const first = value(documents[0]!);
  const other = documents.findIndex((d) => value(d) !== first);
  if (other >= 0) {
    throw new UsageError(
      `merge: ${files[0]} and ${files[other]} are of different ${field} (${first}, ${value(documents[other]!)})`,
    );
  }
}

/**
 * Checks that the reports are every shard of one run, once; throws a one-line UsageError otherwise. `schemas` are
 * the versions as read (a report of schema 1 is converted on reading).
 */
function checkShards(files: string[], documents: RunDocument[], schemas: number[]): void {
  sameEverywhere(
    files,
    documents,
    'tool versions',
    (d) => `${d.version} schema ${schemas[documents.indexOf(d)]}`,
  );
  sameEverywhere(files, documents, 'targets', (d) => d.target);
  sameEverywhere(files, documents, 'profiles', (d) => d.profile);
  sameEverywhere(files, documents, 'case sets', (d) => `${d.shard!.caseSet} of ${d.shard!.count} shards`);
  const seenShard = new Map<number, string>();
  const seenCase = new Map<string, string>();
  documents.forEach((d, i) => {
    const file = files[i]!;
    const earlier = seenShard.get(d.shard!.index);
    if (earlier) throw new UsageError(`merge: ${earlier} and ${file} are both shard ${d.shard!.index}`);
    seenShard.set(d.shard!.index, file);
    for (const r of d.results) {
      const before = seenCase.get(r.id);
      if (before) throw new UsageError(`merge: ${before} and ${file} both report ${r.id}`);
      seenCase.set(r.id, file);
    }
  });
  const count = documents[0]!.shard!.count;
  for (let index = 1; index <= count; index++) {
    if (!seenShard.has(index)) throw new UsageError(`merge: shard ${index}/${count} is missing`);
  }
}

/** One report as if the run had not been split: results in declaration order, summary counted again. */
export function mergeShards(documents: readonly RunDocument[]): RunDocument {
  const order = new Map(serverGroups.flatMap((g) => g.cases).map((c, i) => [c.id, i]));
  const rank = (r: CaseResult) => order.get(r.id) ?? order.size;
  const results = documents.flatMap((d) => d.results).sort((a, b) => rank(a) - rank(b));
  const summary: Record<string, number> = {
    total: results.length,
    wallMs: Math.max(...documents.map((d) => d.summary.wallMs)),
  };
  for (const verdict of verdicts) summary[verdict] = results.filter((r) => r.verdict === verdict).length;
  const lost = documents.find((d) => d.targetLost)?.targetLost;
  const restarts = documents.flatMap((d) => d.targetRestarts ?? []);
  const { shard: _shard, ...first } = documents[0]!;
  return {
    ...first,
    startedAt: documents.map((d) => d.startedAt).sort()[0]!,
    complete: documents.every((d) => d.complete),
    summary: summary as RunDocument['summary'],
    ...(lost ? { targetLost: lost } : {}),
    ...(restarts.length > 0 ? { targetRestarts: restarts } : {}),
    results,
  };
}

/** `socks-conformance merge a.json b.json … --json OUT`; exits as the joined run would have. */
export async function mergeCommand(files: string[], flags: MergeFlags): Promise<number> {
  const kind = await readJsonFile('merge', files[0]!, reportKind);
  if (kind.type === 'fuzz-campaign') return mergeFuzz(files, flags);
  const documents: RunDocument[] = [];
  const schemas: number[] = [];
  for (const file of files) {
    const { document, schema } = await readRunReport('merge', file, shardFields);
    documents.push(document);
    schemas.push(schema);
  }
  checkShards(files, documents, schemas);
  const merged = mergeShards(documents);
  await writeWhole(flags.json, `${JSON.stringify(merged, null, 2)}\n`);
  const counts = verdicts
    .filter((v) => (merged.summary[v] ?? 0) > 0)
    .map((v) => `${merged.summary[v]} ${v}`)
    .join(', ');
  process.stdout.write(
    `merged ${files.length} shards: ${merged.summary.total} cases, ${counts}\nJSON report: ${flags.json}\n`,
  );
  return exitCodeFor(merged);
}
