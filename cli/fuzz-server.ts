/**
 * A server fuzz campaign put together: the echo network, the target (an address, or the built-in reference
 * server, restarted fresh after it crashed or wedged), the generators of `suites/fuzz/` and the campaign engine.
 * Also the replay of one saved input.
 */
import { EchoNetwork } from '../harness/echo/echo-network.js';
import {
  type CampaignResult,
  type CampaignStats,
  type CaseOutcome,
  runCampaign,
} from '../harness/engine/fuzz/fuzz-campaign.js';
import type { Shard } from '../harness/model/shard.js';
import type { Endpoint } from '../harness/net/endpoint.js';
import { sleep } from '../harness/net/timers.js';
import type { Trace } from '../harness/net/trace.js';
import { type SanityResult, sanityProbe } from '../harness/probes/sanity.js';
import { referenceCredentials } from '../harness/reference/config.js';
import type { Fault } from '../harness/reference/faults.js';
import { type ReferenceServer, startReferenceServer } from '../harness/reference/server.js';
import type { RestartableTarget } from '../harness/target/restartable.js';
import { fuzzInputs } from '../suites/fuzz/generators.js';
import type { FuzzInput, FuzzVersion } from '../suites/fuzz/input.js';
import { runServerFuzzCase, type ServerFuzzEnvironment } from '../suites/fuzz/server-case.js';
import { simplerInputs } from '../suites/fuzz/simplify.js';

export interface ServerFuzzOptions {
  /** Absent: the built-in reference server, with `faults`. */
  readonly target?: Endpoint;
  /** A target the harness started (`--target-cmd`): a crash is read from the process, which is restarted. */
  readonly restartable?: RestartableTarget;
  readonly faults?: ReadonlySet<Fault>;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly versions?: readonly FuzzVersion[];
  readonly seed: number;
  readonly runs?: number;
  readonly timeMs?: number;
  /** Cases run at once (default 1). */
  readonly jobs?: number;
  readonly shard?: Shard;
  readonly timeoutMultiplier?: number;
  /** Bound on the target-still-answers probe after each case (default 2000 ms, scaled). */
  readonly probeTimeoutMs?: number;
  readonly quietMs?: number;
  readonly maxShrinks?: number;
  readonly shrinkTimeMs?: number;
  onProgress?(stats: CampaignStats): void;
}

/** The target and the echo network of a fuzz run, and a way to bring a crashed reference back. */
export interface FuzzTarget {
  readonly env: ServerFuzzEnvironment;
  probe(): Promise<SanityResult>;
  restart?(): Promise<boolean>;
  close(): Promise<void>;
}

/** How long a lost `--target` the harness did not start has to answer again before it counts as gone. */
const COMEBACK_MS = 10_000;

export async function openFuzzTarget(options: Omit<ServerFuzzOptions, 'seed'>): Promise<FuzzTarget> {
  const multiplier = options.timeoutMultiplier ?? 1;
  const ms = (value: number) => Math.round(value * multiplier);
  const echo = await EchoNetwork.start();
  let reference: ReferenceServer | undefined;
  try {
    if (!options.target) reference = await startReferenceServer({ faults: new Set(options.faults ?? []) });
  } catch (error) {
    await echo.close();
    throw error;
  }
  const current = (): Endpoint => options.target ?? { host: reference!.host, port: reference!.port };
  const credentials = options.credentials ?? (options.target ? undefined : referenceCredentials);
  return {
    env: {
      target: current,
      encode: { echo: echo.endpoints(), credentials },
      ms,
      ...(options.quietMs !== undefined ? { quietMs: options.quietMs } : {}),
    },
    probe: async () => {
      const timeoutMs = ms(options.probeTimeoutMs ?? 2000);
      let answered = await sanityProbe(current(), timeoutMs);
      // Silence is a wedge only if it lasts: under the load of many cases at once one probe can be answered
      // late. A refusal or a reset (a crash) counts at once.
      if (!answered.ok && answered.silent) answered = await sanityProbe(current(), timeoutMs);
      // A process that died is named as such; one that stopped answering may be dying still.
      const died =
        options.restartable?.death() ??
        (answered.ok ? undefined : await options.restartable?.awaitDeath(ms(500)));
      return died ? { ok: false, reason: `the target process ${died}` } : answered;
    },
    ...(options.restartable
      ? {
          restart: () =>
            options.restartable!.restart().then(
              () => true,
              () => false,
            ),
        }
      : options.target
        ? {
            // A server someone else runs may be brought back by its supervisor; then the inputs seen with
            // its loss can still be replayed alone and shrunk.
            restart: async () => {
              const until = performance.now() + ms(COMEBACK_MS);
              while (performance.now() < until) {
                if ((await sanityProbe(current(), ms(500))).ok) return true;
                await sleep(250);
              }
              return false;
            },
          }
        : {
            restart: async () => {
              await reference?.close();
              reference = await startReferenceServer({ faults: new Set(options.faults ?? []) });
              return true;
            },
          }),
    close: async () => {
      await reference?.close();
      await echo.close();
    },
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
    ...(target.restart ? { restart: target.restart } : {}),
    seed: options.seed,
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
    ...(options.timeMs !== undefined ? { timeMs: options.timeMs } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.maxShrinks !== undefined ? { maxShrinks: options.maxShrinks } : {}),
    ...(options.shrinkTimeMs !== undefined ? { shrinkTimeMs: options.shrinkTimeMs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
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
