import type { AnnotatedEvent } from '../net/annotate.js';
import type { Capabilities } from './capabilities.js';
import type { Level, Role } from './case.js';
import type { Check, CheckKind, Expectation } from './outcome.js';
import type { ShardInfo } from './shard.js';
import { type Verdict, verdicts, worst } from './verdict.js';

/**
 * The version of the JSON report (`schema`), described by schema/report.schema.json. 2: the trace is a list of
 * annotated events, `expected` lists every outcome as `{ verdict, when }` with `matched` its index, and `kind`
 * says where the harness decided. Version 1 had the trace as text and `expected`/`matched` as words.
 */
export const SCHEMA_VERSION = 2;

/** One crash of a target the harness restarted: when, why, and which case caused it if one can be named. */
export interface TargetRestart {
  readonly reason: string;
  /** The cases that were running when the target died. */
  readonly duringCases: readonly string[];
  /** The cases that crashed it again when re-run alone (with one case running, that case). */
  readonly culprits: readonly string[];
}

export interface CaseResult {
  readonly id: string;
  readonly clause: string;
  readonly clauses: readonly string[];
  readonly level: Level;
  readonly role: Role;
  readonly section: string;
  readonly verdict: Verdict;
  readonly title: string;
  readonly requirement: string;
  /** The decisive check's outcomes (the check whose verdict is the case's), the FAIL ones too. */
  readonly expected: readonly Expectation[];
  /** Index in `expected` of the outcome that matched; absent when none did or none was tried. */
  readonly matched?: number;
  readonly observed: string;
  /** Where the harness rather than an outcome decided the verdict (see `CheckKind`). */
  readonly kind?: CheckKind;
  /** The words for `kind`, or why the decisive check could not be made. */
  readonly reason?: string;
  readonly checks: readonly Check[];
  readonly durationMs: number;
  /** Every event of every connection the case opened, in time order, each chunk annotated. */
  readonly trace: readonly AnnotatedEvent[];
  /** One command that re-runs just this case. */
  readonly rerun: string;
  /** Set by `--baseline`: a failure the baseline lists, or a listed case that now passes, with its reason. */
  readonly baseline?: { readonly status: 'known-failure' | 'unexpected-pass'; readonly reason: string };
  /** With `--repeat N`: how often each verdict came; more than one verdict makes the case flaky (ERROR). */
  readonly repetitions?: Readonly<Partial<Record<Verdict, number>>>;
}

/** What `--baseline` found: failures it lists, listed cases that now pass, and failures it does not list. */
export interface BaselineSummary {
  readonly file: string;
  readonly knownFailures: number;
  readonly unexpectedPasses: number;
  readonly regressions: number;
}

/** A target the harness cannot restart stopped answering: the run stopped there. */
export interface TargetLost {
  /** The first case after which the sanity probe failed. */
  readonly afterCase: string;
  readonly reason: string;
  /** Every case that was running when it stopped answering (one of them, or none, stopped it). */
  readonly suspects?: readonly string[];
  /** The cases that stopped it: the only one running, or each that stopped it again when re-run alone. */
  readonly culprits?: readonly string[];
}

export interface RunDocument {
  readonly tool: 'socks-conformance';
  readonly version: string;
  readonly schema: number;
  readonly startedAt: string;
  readonly target: string;
  /** What the target is when the address alone does not say (`built-in reference server`, a command, an image). */
  readonly targetDescription?: string;
  readonly profile: string;
  /** What the capability probe found the target offers; absent in a client run, which probes nothing. */
  readonly capabilities?: Capabilities;
  /** `client` for a run of the client suite, whose `target` is the client's command; absent for a server run. */
  readonly mode?: 'client';
  readonly complete: boolean;
  readonly summary: Readonly<Record<string, number>> & { readonly total: number; readonly wallMs: number };
  /** Set when the target stopped answering the sanity probe during the run. */
  readonly targetLost?: TargetLost;
  /** Each crash of a target the harness started and restarted, with the cases that caused it. */
  readonly targetRestarts?: readonly TargetRestart[];
  readonly results: readonly CaseResult[];
  /** The optional features the target was required to have (`--expect`, a profile). */
  readonly expect?: readonly string[];
  /** Cases a profile set aside, each glob with its reason. */
  readonly exclusions?: readonly { readonly pattern: string; readonly reason: string }[];
  readonly baseline?: BaselineSummary;
  /** Set on the report of one shard of a split run (`--shard K/N`), which `merge` joins. */
  readonly shard?: ShardInfo;
}

/** The case's verdict (the worst of its checks) and the fields of its decisive check: the first with that verdict. */
/** The results in the order the cases are declared, and their count per verdict with the run's wall time. */
export function tally(
  results: readonly CaseResult[],
  declared: readonly string[],
  wallMs: number,
): { readonly results: CaseResult[]; readonly summary: RunDocument['summary'] } {
  const ordered = [...results].sort((a, b) => declared.indexOf(a.id) - declared.indexOf(b.id));
  const summary: Record<string, number> = { total: ordered.length, wallMs: Math.round(wallMs) };
  for (const verdict of verdicts) summary[verdict] = ordered.filter((r) => r.verdict === verdict).length;
  return { results: ordered, summary: summary as RunDocument['summary'] };
}

/** What a case declares that its result repeats. */
export interface DeclaredCase {
  readonly id: string;
  readonly clauses: readonly string[];
  readonly level: Level;
  readonly title: string;
  readonly requirement: string;
}

/** A case's result from its checks: the decisive check's verdict and outcomes, the declaration, the story. */
export function caseResult(
  definition: DeclaredCase,
  run: {
    readonly role: Role;
    readonly section: string;
    readonly checks: readonly Check[];
    readonly durationMs: number;
    readonly trace: readonly AnnotatedEvent[];
    readonly rerun: string;
  },
): CaseResult {
  return {
    id: definition.id,
    ...decisive(run.checks),
    clauses: definition.clauses,
    level: definition.level,
    role: run.role,
    section: run.section,
    title: definition.title,
    requirement: definition.requirement,
    checks: run.checks,
    durationMs: run.durationMs,
    trace: run.trace,
    rerun: run.rerun,
  };
}

export function decisive(
  checks: readonly Check[],
): Pick<CaseResult, 'verdict' | 'clause' | 'expected' | 'matched' | 'observed' | 'kind' | 'reason'> {
  const verdict = worst(checks.map((c) => c.verdict));
  const { clause, expected, matched, observed, kind, reason } =
    checks.find((c) => c.verdict === verdict) ?? checks[0]!;
  return {
    verdict,
    clause,
    expected,
    ...(matched !== undefined ? { matched } : {}),
    observed,
    ...(kind !== undefined ? { kind } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** The target as reports name it: `built-in reference server on 127.0.0.1:1080`, or the address alone. */
export function targetName(document: Pick<RunDocument, 'target' | 'targetDescription'>): string {
  const { target, targetDescription } = document;
  return targetDescription === undefined || targetDescription === target
    ? target
    : `${targetDescription} on ${target}`;
}
