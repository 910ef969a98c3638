import { EchoNetwork } from '../../echo/echo-network.js';
import type { CaseDefinition, CaseGroup, Feature } from '../../model/case.js';
import { selectCases } from '../../model/filter.js';
import { combineRepetitions } from '../../model/repeat.js';
import type { CaseResult, RunDocument } from '../../model/result.js';
import { SCHEMA_VERSION } from '../../model/result.js';
import { inShard, type Shard, shardInfo } from '../../model/shard.js';
import { ExitCode, verdicts } from '../../model/verdict.js';
import { type Endpoint, formatEndpoint } from '../../net/endpoint.js';
import { probeCapabilities } from '../../probes/capabilities.js';
import { sanityProbe } from '../../probes/sanity.js';
import type { RestartableTarget } from '../../target/restartable.js';
import { type ScheduleOutcome, schedule } from './scheduler.js';

export interface SuiteOptions {
  readonly target: Endpoint;
  readonly groups: readonly CaseGroup[];
  readonly only?: readonly string[];
  readonly exclude?: readonly string[];
  readonly jobs?: number;
  readonly timeoutMultiplier?: number;
  readonly strict?: boolean;
  readonly expect?: readonly Feature[];
  /** A second local address, the source of traffic the target must refuse (default 127.0.0.2). */
  readonly altSource?: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly echoHost?: string;
  readonly profile?: string;
  readonly version: string;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
  /** A target the harness started and can restart after a crash (`--target-cmd`, `--target-image`). */
  readonly restartable?: RestartableTarget;
  /** Run only this shard's part of the selection (`--shard K/N`). */
  readonly shard?: Shard;
  /** Run every selected case this many times (`--repeat N`); differing verdicts make a case flaky. */
  readonly repeat?: number;
}

export type SuiteOutcome =
  | { readonly kind: 'ran'; readonly document: RunDocument; readonly exitCode: number }
  | { readonly kind: 'unreachable'; readonly reason: string };

export function exitCodeFor(document: RunDocument): number {
  if (document.targetLost) return ExitCode.TARGET_UNREACHABLE;
  if ((document.summary.ERROR ?? 0) > 0) return ExitCode.FAILED;
  return (document.summary.FAIL ?? 0) > 0 ? ExitCode.FAILED : ExitCode.OK;
}

/** Sanity probe, capability probe, then every selected case; the echo network lives for the run. */
export async function runSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const multiplier = options.timeoutMultiplier ?? 1;
  const startedAt = new Date();
  const started = performance.now();
  const sanity = await sanityProbe(options.target, Math.round(3000 * multiplier));
  if (!sanity.ok)
    return { kind: 'unreachable', reason: `${formatEndpoint(options.target)}: ${sanity.reason}` };
  const echo = await EchoNetwork.start(options.echoHost ? { host4: options.echoHost } : {});
  try {
    const capabilities = await probeCapabilities({
      target: options.target,
      echo: echo.endpoints(),
      names: echo.names,
      credentials: options.credentials,
      timeoutMs: Math.round(3000 * multiplier),
    });
    const all = options.groups.flatMap((g) => g.cases);
    const chosen = selectCases(all, options.only ?? [], options.exclude ?? []);
    const selected = new Set(options.shard ? inShard(chosen, options.shard) : chosen);
    const runPass = () =>
      schedule({
        groups: options.groups,
        selected,
        jobs: options.jobs ?? 8,
        rerun: options.rerun,
        ...(options.onResult ? { onResult: options.onResult } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.restartable ? { restartable: options.restartable } : {}),
        env: {
          target: options.target,
          echo: echo.endpoints(),
          names: echo.names,
          capabilities,
          credentials: options.credentials,
          timeoutMultiplier: multiplier,
          strict: options.strict ?? false,
          expect: new Set(options.expect ?? []),
          altSource: options.altSource ?? '127.0.0.2',
        },
      });
    const passes: ScheduleOutcome[] = [];
    for (let pass = 0; pass < Math.max(1, options.repeat ?? 1); pass++) {
      passes.push(await runPass());
      if (!passes[pass]!.complete) break;
    }
    const last = passes[passes.length - 1]!;
    const restarts = passes.flatMap((p) => p.targetRestarts ?? []);
    const outcome: ScheduleOutcome = {
      results: passes.length > 1 ? combineRepetitions(passes.map((p) => p.results)) : last.results,
      complete: last.complete,
      ...(last.targetLost ? { targetLost: last.targetLost } : {}),
      ...(restarts.length > 0 ? { targetRestarts: restarts } : {}),
    };
    const order = all.map((c) => c.id);
    const results = [...outcome.results].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const summary: Record<string, number> = {
      total: results.length,
      wallMs: Math.round(performance.now() - started),
    };
    for (const verdict of verdicts) summary[verdict] = results.filter((r) => r.verdict === verdict).length;
    const document: RunDocument = {
      tool: 'socks-conformance',
      version: options.version,
      schema: SCHEMA_VERSION,
      startedAt: startedAt.toISOString(),
      target: formatEndpoint(options.target),
      profile: options.profile ?? 'default',
      capabilities,
      complete: outcome.complete,
      summary: summary as RunDocument['summary'],
      ...(outcome.targetLost ? { targetLost: outcome.targetLost } : {}),
      ...(outcome.targetRestarts ? { targetRestarts: outcome.targetRestarts } : {}),
      ...(options.shard ? { shard: shardInfo(chosen, options.shard) } : {}),
      results,
    };
    return { kind: 'ran', document, exitCode: exitCodeFor(document) };
  } finally {
    await echo.close();
  }
}
