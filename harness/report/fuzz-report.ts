/**
 * A fuzz campaign's JSON report (`fuzz --json`, `fuzz client --json`): what was fuzzed, with which seed and
 * budget, which shard of the campaign it was, how many cases ran, whether the campaign ran to its end, and the
 * finding if there was one. The reports of every shard of one campaign join into one (`merge`), as if it had
 * run on one machine.
 */
import type { FuzzFindingRecord } from './fuzz-finding.js';

/**
 * 3: `findings` are the campaign's distinct findings, each with its `signature` and `hits`, and `hits` their
 * sum (2: at most the first finding); 2: each finding's `trace` is annotated events (1: text).
 */
export const FUZZ_REPORT_SCHEMA = 3;

/** The schemas `merge` and the other readers of fuzz reports read. */
export const FUZZ_REPORT_SCHEMAS: readonly number[] = [1, 2, FUZZ_REPORT_SCHEMA];

export interface FuzzReport {
  readonly tool: 'socks-conformance';
  readonly type: 'fuzz-campaign';
  readonly schema: number;
  readonly toolVersion: string;
  readonly startedAt: string;
  /** What was fuzzed: a SOCKS server (absent in older reports), or a SOCKS client (`fuzz client`). */
  readonly role?: 'server' | 'client';
  /**
   * `host:port`, `reference` for the built-in reference server, `command` for `--target-cmd`, the image for
   * `--target-image`; role `client`: the client's command.
   */
  readonly target: string;
  readonly targetCommand?: string;
  readonly referenceFaults: readonly string[];
  readonly versions: readonly string[];
  readonly seed: number;
  /** The campaign's budget before sharding: `runs` run indices (0 … runs-1), or a time per machine. */
  readonly budget: { readonly runs: number } | { readonly timeMs: number };
  /** This report's part of the campaign: run indices i with i mod count = index - 1. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The joined shards, after `merge`. */
  readonly shards?: readonly number[];
  readonly jobs: number;
  /** Cases run while searching (shrinking steps not counted). */
  readonly cases: number;
  /** Of those, the cases not sent because a reading of the input could leave loopback (absent in older reports). */
  readonly skipped?: number;
  readonly wallMs: number;
  /** False when the campaign was interrupted (Ctrl-C, SIGTERM) before its budget ended (absent in older reports). */
  readonly complete?: boolean;
  /** Role `client`: the cases in which the client never connected to the scripted server. */
  readonly unreached?: number;
  /** The campaign ended at its first finding (`--stop-on-first`; absent in older reports). */
  readonly stopOnFirst?: boolean;
  /** Search inputs that hit one of the findings (absent in older reports: one per finding). */
  readonly hits?: number;
  /**
   * The distinct findings, in the order they were made (older reports: at most one per shard). After `merge`, by
   * run index, one per signature: the lowest run's, its hits those of every shard.
   */
  readonly findings: readonly FuzzFindingRecord[];
}

export type FuzzMergeCheck = { ok: true; report: FuzzReport } | { ok: false; reason: string };

function describe(report: FuzzReport, field: 'campaign' | 'target'): string {
  if (field === 'target')
    return [report.target, report.targetCommand ?? '', ...report.referenceFaults].join(' ').trim();
  const budget = 'runs' in report.budget ? `${report.budget.runs} runs` : `${report.budget.timeMs} ms`;
  return `seed ${report.seed}, ${budget}, versions ${report.versions.join(',')}, ${report.shard?.count ?? 1} shards`;
}

/**
 * Joins every shard of one campaign, each once. The same seed, budget, versions, target and tool version in
 * each; otherwise the reason, naming the files.
 */
export function mergeFuzzReports(files: readonly string[], reports: readonly FuzzReport[]): FuzzMergeCheck {
  const first = reports[0]!;
  const checks: [string, (r: FuzzReport) => string][] = [
    ['tool versions', (r) => `${r.toolVersion} schema ${r.schema}`],
    ['targets', (r) => describe(r, 'target')],
    ['campaigns', (r) => describe(r, 'campaign')],
  ];
  for (const [field, value] of checks) {
    const other = reports.findIndex((r) => value(r) !== value(first));
    if (other >= 0)
      return {
        ok: false,
        reason: `${files[0]} and ${files[other]} are of different ${field} (${value(first)}; ${value(reports[other]!)})`,
      };
  }
  const byShard = new Map<number, string>();
  for (const [i, report] of reports.entries()) {
    if (!report.shard)
      return { ok: false, reason: `${files[i]} is not the report of a shard (fuzz --shard K/N)` };
    const earlier = byShard.get(report.shard.index);
    if (earlier)
      return { ok: false, reason: `${earlier} and ${files[i]} are both shard ${report.shard.index}` };
    byShard.set(report.shard.index, files[i]!);
  }
  const count = first.shard!.count;
  for (let index = 1; index <= count; index++)
    if (!byShard.has(index)) return { ok: false, reason: `shard ${index}/${count} is missing` };
  const { shard: _shard, ...common } = first;
  return {
    ok: true,
    report: {
      ...common,
      startedAt: reports.map((r) => r.startedAt).sort()[0]!,
      shards: [...byShard.keys()].sort((a, b) => a - b),
      jobs: Math.max(...reports.map((r) => r.jobs)),
      cases: reports.reduce((sum, r) => sum + r.cases, 0),
      skipped: reports.reduce((sum, r) => sum + (r.skipped ?? 0), 0),
      wallMs: Math.max(...reports.map((r) => r.wallMs)),
      complete: reports.every((r) => r.complete !== false),
      hits: reports.reduce((sum, r) => sum + (r.hits ?? r.findings.length), 0),
      findings: distinctFindings(reports.flatMap((r) => r.findings)),
    },
  };
}

/** By run index, one per signature (findings of older reports, which have none, each kept). */
function distinctFindings(findings: readonly FuzzFindingRecord[]): FuzzFindingRecord[] {
  const sorted = [...findings].sort((a, b) => Number(a.path) - Number(b.path));
  const bySignature = new Map<string, FuzzFindingRecord>();
  const kept: FuzzFindingRecord[] = [];
  for (const finding of sorted) {
    const earlier = finding.signature === undefined ? undefined : bySignature.get(finding.signature);
    if (!earlier) {
      kept.push(finding);
      if (finding.signature !== undefined) bySignature.set(finding.signature, finding);
      continue;
    }
    const joined = { ...earlier, hits: (earlier.hits ?? 1) + (finding.hits ?? 1) };
    kept[kept.indexOf(earlier)] = joined;
    bySignature.set(finding.signature!, joined);
  }
  return kept;
}

/** The target as the reports show it: the reference server and its faults, the command that started it. */
export function campaignTarget(
  report: Pick<FuzzReport, 'role' | 'target' | 'targetCommand' | 'referenceFaults'>,
): string {
  if (report.role === 'client') return `client ${report.target}`;
  if (report.targetCommand !== undefined) return report.targetCommand;
  if (report.target !== 'reference') return report.target;
  const faults = report.referenceFaults;
  return `built-in reference server${faults.length > 0 ? ` (mutant: ${faults.join(', ')})` : ''}`;
}

/** The budget as the reports show it: `1000 runs`, `60 s`. */
export function campaignBudget(report: Pick<FuzzReport, 'budget'>): string {
  return 'runs' in report.budget ? `${report.budget.runs} runs` : `${report.budget.timeMs / 1000} s`;
}

/** Cases per second over the campaign's wall time. */
export function campaignRate(report: Pick<FuzzReport, 'cases' | 'wallMs'>): number {
  return report.wallMs > 0 ? report.cases / (report.wallMs / 1000) : 0;
}

/** A client campaign whose client never connected: it proves nothing, and exits 3. */
export function neverReached(report: Pick<FuzzReport, 'unreached' | 'cases'>): boolean {
  return report.unreached !== undefined && report.cases > 0 && report.unreached === report.cases;
}
