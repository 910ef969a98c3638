/**
 * A server fuzz campaign put together: a session (the target reached or started, the echo network), the
 * generators and oracles of `suites/fuzz/`, and the campaign engine. Also the replay of one saved input.
 */
import {
  type CampaignResult,
  type CampaignStats,
  type CaseOutcome,
  runCampaign,
} from '../harness/engine/fuzz/fuzz-campaign.js';
import { livenessProbe, recovery } from '../harness/engine/fuzz/target-liveness.js';
import type { Shard } from '../harness/model/shard.js';
import type { Trace } from '../harness/net/trace.js';
import type { SanityResult } from '../harness/probes/sanity.js';
import { fuzzDefaults, type RunOptions, runOptions } from '../harness/session/run-options.js';
import { openSession } from '../harness/session/session.js';
import { fuzzInputs } from '../suites/fuzz/generators.js';
import type { FuzzInput, FuzzVersion } from '../suites/fuzz/input.js';
import { runServerFuzzCase, type ServerFuzzEnvironment } from '../suites/fuzz/server-case.js';
import { fuzzSignature } from '../suites/fuzz/signature.js';
import { simplerInputs } from '../suites/fuzz/simplify.js';

/** A fuzz campaign's options: the run's target options (`RunOptions`) and the campaign's own. */
export type ServerFuzzOptions = Partial<
  Pick<RunOptions, 'target' | 'credentials' | 'timeoutMultiplier' | 'echoHost'>
> & {
  readonly seed: number;
  readonly versions?: readonly FuzzVersion[];
  readonly runs?: number;
  readonly timeMs?: number;
  /** Cases run at once (default `fuzzDefaults.jobs`). */
  readonly jobs?: number;
  readonly shard?: Shard;
  /** Bound on the target-still-answers probe after each case (default 2000 ms, scaled). */
  readonly probeTimeoutMs?: number;
  readonly quietMs?: number;
  readonly maxShrinks?: number;
  readonly shrinkTimeMs?: number;
  /** End at the first finding instead of collecting the distinct ones (`--stop-on-first`). */
  readonly stopOnFirst?: boolean;
  /** Ends the campaign early (Ctrl-C, SIGTERM): see `CampaignOptions.signal`. */
  readonly signal?: AbortSignal;
  onProgress?(stats: CampaignStats): void;
};

/** The target and the echo network of a fuzz run, and the way to bring a lost target back. */
export interface FuzzTarget {
  readonly env: ServerFuzzEnvironment;
  probe(): Promise<SanityResult>;
  restart(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the session of a fuzz run: no capability probe, since every input is judged by the oracles alone. */
export async function openFuzzTarget(options: Omit<ServerFuzzOptions, 'seed'>): Promise<FuzzTarget> {
  const run = runOptions({
    ...(options.target ? { target: options.target } : {}),
    credentials: options.credentials,
    timeoutMultiplier: options.timeoutMultiplier,
    echoHost: options.echoHost,
  });
  const session = await openSession(run, { capabilities: false });
  const { target, ms } = session;
  return {
    env: {
      target: () => target.endpoint,
      encode: { echo: session.echo.endpoints(), credentials: session.credentials },
      ms,
      quietMs: options.quietMs,
    },
    probe: livenessProbe(target, ms(options.probeTimeoutMs ?? fuzzDefaults.probeTimeoutMs), ms),
    restart: recovery(target, ms),
    close: () => session.close(),
  };
}

export async function fuzzServer(options: ServerFuzzOptions): Promise<CampaignResult<FuzzInput, Trace>> {
  const target = await openFuzzTarget(options);
  try {
    return await fuzzOpenTarget(target, options);
  } finally {
    await target.close();
  }
}

/** A campaign against a target already open (the bench measures the same server several ways). */
export function fuzzOpenTarget(
  target: FuzzTarget,
  options: ServerFuzzOptions,
): Promise<CampaignResult<FuzzInput, Trace>> {
  return runCampaign<FuzzInput, Trace>({
    arbitrary: fuzzInputs(options.versions),
    runCase: (input) => runServerFuzzCase(input, target.env),
    probe: () => target.probe(),
    simplify: (input) => simplerInputs(input, target.env.encode),
    signature: fuzzSignature,
    stopOnFirst: options.stopOnFirst === true,
    restart: () => target.restart(),
    seed: options.seed,
    jobs: options.jobs ?? fuzzDefaults.jobs,
    runs: options.runs,
    timeMs: options.timeMs,
    shard: options.shard,
    maxShrinks: options.maxShrinks,
    shrinkTimeMs: options.shrinkTimeMs,
    onProgress: options.onProgress,
    signal: options.signal,
  });
}

export type ReplayOutcome =
  | { readonly reproduced: false; readonly trace: Trace }
  | {
      readonly reproduced: true;
      readonly kind: 'violation' | 'target-lost';
      readonly clause: string;
      readonly what: string;
      readonly trace: Trace;
    };

/** Runs one saved input once, then the probe: the same verdict a campaign would give it. */
export async function replayServerInput(
  input: FuzzInput,
  options: Omit<ServerFuzzOptions, 'seed'>,
): Promise<ReplayOutcome> {
  const target = await openFuzzTarget(options);
  try {
    const outcome: CaseOutcome<Trace> = await runServerFuzzCase(input, target.env);
    const probe = await target.probe();
    if (!outcome.ok)
      return {
        reproduced: true,
        kind: 'violation',
        clause: outcome.clause,
        what: outcome.what,
        trace: outcome.detail,
      };
    if (!probe.ok)
      return {
        reproduced: true,
        kind: 'target-lost',
        clause: outcome.blame,
        what: `the target stopped answering a clean SOCKS5 greeting after this input (${probe.reason})`,
        trace: outcome.detail,
      };
    return { reproduced: false, trace: outcome.detail };
  } finally {
    await target.close();
  }
}
