import type { CaseDefinition, CaseGroup } from '../../model/case.js';
import type { CaseResult, TargetRestart } from '../../model/result.js';
import { sanityProbe } from '../../probes/sanity.js';
import type { RestartableTarget } from '../../target/restartable.js';
import { checkDeath, recoverFromCrash, type Scheduled } from './crash-recovery.js';
import { type Environment, runCase } from './run-case.js';

export interface ScheduleOptions {
  readonly groups: readonly CaseGroup[];
  readonly selected: ReadonlySet<CaseDefinition>;
  readonly env: Environment;
  readonly jobs: number;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
  /** A target the harness started: after a crash it is restarted and the run goes on (see crash-recovery.ts). */
  readonly restartable?: RestartableTarget;
}

export interface ScheduleOutcome {
  readonly results: CaseResult[];
  readonly complete: boolean;
  readonly targetLost?: { afterCase: string; reason: string };
  /** Every crash of a restartable target, with the cases that caused it. */
  readonly targetRestarts?: TargetRestart[];
}

/**
 * Runs every selected case, at most `jobs` at once, each on its own connections, so that cases which must wait
 * (the 10-second close rule, the reassembly timer) overlap. After every case a sanity probe checks that the
 * target still answers; the first case after which it does not is named, and the run stops there. A target the
 * harness started (`restartable`) is instead restarted after a crash, and the case that caused it fails.
 */
export async function schedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  const results: CaseResult[] = [];
  let targetLost: ScheduleOutcome['targetLost'];
  const probeMs = Math.round(3000 * options.env.timeoutMultiplier);
  const restarts: TargetRestart[] = [];
  const queue = startOrder(
    options.groups.flatMap((group) =>
      group.cases.filter((c) => options.selected.has(c)).map((definition) => ({ group, definition })),
    ),
  );
  const record = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  // With a restartable target: cases running when it died wait here, and no case starts until it is back.
  let inFlight = 0;
  let suspects: { scheduled: Scheduled; result: CaseResult }[] = [];
  let recovering: Promise<void> | undefined;
  const recover = async (reason: string, target: RestartableTarget) => {
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const crashed = suspects;
    suspects = [];
    if (options.signal?.aborted) return;
    const recovery = await recoverFromCrash(reason, crashed, {
      target,
      env: options.env,
      probeMs,
      record,
      rerun: options.rerun,
    });
    if ('lost' in recovery) targetLost ??= { afterCase: crashed[0]?.result.id ?? '', reason: recovery.lost };
    else restarts.push(recovery.restart);
  };
  const worker = async () => {
    for (;;) {
      if (recovering) await recovering;
      if (targetLost || options.signal?.aborted) return;
      const next = queue.shift();
      if (!next) return;
      const { group, definition } = next;
      inFlight += 1;
      const result = await runCase(definition, group, options.env, options.rerun(definition));
      if (options.signal?.aborted) {
        inFlight -= 1;
        return;
      }
      if (options.restartable) {
        const state = await checkDeath(options.restartable, options.env, probeMs);
        inFlight -= 1;
        if (state && 'dead' in state) {
          suspects.push({ scheduled: next, result });
          recovering ??= recover(state.dead, options.restartable).finally(() => {
            recovering = undefined;
          });
          continue;
        }
        record(result);
        if (state && !targetLost) targetLost = { afterCase: definition.id, reason: state.lost };
        continue;
      }
      inFlight -= 1;
      record(result);
      const sanity = await sanityProbe(options.env.target, probeMs, options.env.versions);
      if (!sanity.ok && !targetLost) targetLost = { afterCase: definition.id, reason: sanity.reason };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  if (recovering) await recovering;
  const complete = !targetLost && !options.signal?.aborted;
  return {
    results,
    complete,
    ...(targetLost ? { targetLost } : {}),
    ...(restarts.length > 0 ? { targetRestarts: restarts } : {}),
  };
}

/**
 * Cases with a long designed wait (`expectedMs`) first, longest first, the rest in declaration order (the sort
 * is stable): otherwise a 4-second timer case declared late starts after the others and the run outlasts it.
 */
export function startOrder<T extends { readonly definition: CaseDefinition }>(queue: readonly T[]): T[] {
  return [...queue].sort((a, b) => (b.definition.expectedMs ?? 0) - (a.definition.expectedMs ?? 0));
}
