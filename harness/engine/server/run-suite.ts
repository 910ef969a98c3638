import type { CaseDefinition, CaseGroup } from '../../model/case.js';
import { ofVersions, selectCases } from '../../model/filter.js';
import { combineRepetitions } from '../../model/repeat.js';
import type { CaseResult, RunDocument } from '../../model/result.js';
import { SCHEMA_VERSION, tally } from '../../model/result.js';
import { inShard, type Shard, shardInfo } from '../../model/shard.js';
import { ExitCode } from '../../model/verdict.js';
import type { RestartableTarget } from '../../target/restartable.js';
import { concurrencyFor, type Jobs } from './concurrency.js';
import { reconcileCapabilities } from './reconcile-capabilities.js';
import type { Environment } from './run-case.js';
import { type ScheduleOutcome, schedule } from './scheduler.js';

/** What a server run needs beyond the cases' environment (which a session sets up). */
export interface ServerRun {
  readonly groups: readonly CaseGroup[];
  /** Globs over case ids and clause ids (`--only`, `--exclude`). */
  readonly only: readonly string[];
  readonly exclude: readonly string[];
  /** Cases run at once: a number, or `auto` (see concurrency.ts). */
  readonly jobs: Jobs;
  /** Run only this shard's part of the selection (`--shard K/N`). */
  readonly shard?: Shard;
  /** Run every selected case this many times; differing verdicts make a case flaky. */
  readonly repeat: number;
  /** How the report names the target. */
  readonly target: string;
  readonly targetDescription?: string;
  /** The profile's name, as the report records it. */
  readonly profile: string;
  readonly version: string;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
  /** A target the harness started and can restart after a crash (`--target-cmd`, `--target-image`). */
  readonly restartable?: RestartableTarget;
}

export function exitCodeFor(document: RunDocument): number {
  if (document.targetLost) return ExitCode.TARGET_UNREACHABLE;
  if ((document.summary.ERROR ?? 0) > 0) return ExitCode.FAILED;
  return (document.summary.FAIL ?? 0) > 0 ? ExitCode.FAILED : ExitCode.OK;
}

/** Every selected case against a target a session set up, `jobs` at once (concurrency.ts); the run's document. */
export async function runServerCases(env: Environment, run: ServerRun): Promise<RunDocument> {
  const startedAt = new Date();
  const started = performance.now();
  const all = run.groups.flatMap((g) => g.cases);
  const chosen = ofVersions(selectCases(all, run.only, run.exclude), env.versions);
  const selected = new Set(run.shard ? inShard(chosen, run.shard) : chosen);
  const runPass = () =>
    schedule({
      groups: run.groups,
      selected,
      concurrency: concurrencyFor(run.jobs),
      rerun: run.rerun,
      env,
      onResult: run.onResult,
      signal: run.signal,
      restartable: run.restartable,
    });
  const passes: ScheduleOutcome[] = [];
  for (let pass = 0; pass < Math.max(1, run.repeat); pass++) {
    passes.push(await runPass());
    if (!passes[pass]!.complete) break;
  }
  const last = passes[passes.length - 1]!;
  const restarts = passes.flatMap((p) => p.targetRestarts ?? []);
  const { results, summary } = tally(
    passes.length > 1 ? combineRepetitions(passes.map((p) => p.results)) : last.results,
    all.map((c) => c.id),
    performance.now() - started,
  );
  return {
    tool: 'socks-conformance',
    version: run.version,
    schema: SCHEMA_VERSION,
    startedAt: startedAt.toISOString(),
    target: run.target,
    ...(run.targetDescription === undefined ? {} : { targetDescription: run.targetDescription }),
    profile: run.profile,
    capabilities: reconcileCapabilities(env.capabilities, all, results),
    complete: last.complete,
    summary,
    ...(last.targetLost ? { targetLost: last.targetLost } : {}),
    ...(restarts.length > 0 ? { targetRestarts: restarts } : {}),
    ...(run.shard ? { shard: shardInfo(chosen, run.shard) } : {}),
    results,
  };
}
