import type { CaseDefinition, CaseGroup } from '../../model/case.js';
import type { CaseResult, TargetLost, TargetRestart } from '../../model/result.js';
import { sanityProbe } from '../../probes/sanity.js';
import type { RestartableTarget } from '../../target/restartable.js';
import { type Concurrency, quietThreshold } from './concurrency.js';
import { checkDeath, recoverFromCrash, type Scheduled } from './crash-recovery.js';
import { runCaseDecisively } from './decisive-segmentation.js';
import { type Suspect, settleLostTarget } from './lost-target.js';
import { ReplyTimes } from './reply-times.js';
import type { Environment } from './run-case.js';

export interface ScheduleOptions {
  readonly groups: readonly CaseGroup[];
  readonly selected: ReadonlySet<CaseDefinition>;
  readonly env: Environment;
  readonly concurrency: Concurrency;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
  /** A target the harness started: after a crash it is restarted and the run goes on (see crash-recovery.ts). */
  readonly restartable?: RestartableTarget;
}

export interface ScheduleOutcome {
  readonly results: CaseResult[];
  readonly complete: boolean;
  readonly targetLost?: TargetLost;
  /** Every crash of a restartable target, with the cases that caused it. */
  readonly targetRestarts?: TargetRestart[];
}

/**
 * Runs every selected case, each on its own connections, at most `concurrency.working` of them working at once
 * and at most `concurrency.inFlight` in all: a case that has gone quiet (it waits on a deadline or a timer, such
 * as the 10-second close rule or the reassembly timer; see `quietThreshold`) gives its working slot to the next
 * case and goes on waiting beside it, and takes a slot again when it acts. After every case a sanity probe
 * checks that the target still answers; the first case after which it does not is named, and the run stops
 * there: the cases that were running then are suspects, settled in lost-target.ts. A target the harness started
 * (`restartable`) is instead
 * restarted after a crash, and the case that caused it fails.
 */
export async function schedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  const results: CaseResult[] = [];
  let targetLost: ScheduleOutcome['targetLost'];
  const { env, concurrency } = options;
  const probeMs = Math.round(3000 * env.timeoutMultiplier);
  const replyTimes = new ReplyTimes();
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
  // Slots: `working` counts the cases not yet quiet, `inFlight` every case until its sanity probe is done.
  let working = 0;
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  const freeSlot = () => {
    const wake = slotFreed;
    slotFreed = undefined;
    wake?.();
  };
  // With a restartable target: cases running when it died wait here, and no case starts until it is back.
  let running = 0;
  let suspects: { scheduled: Scheduled; result: CaseResult }[] = [];
  let recovering: Promise<void> | undefined;
  // With a target the harness cannot restart: the cases that ended after it stopped answering.
  const lostWith: Suspect[] = [];
  const recover = async (reason: string, target: RestartableTarget) => {
    while (running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const crashed = suspects;
    suspects = [];
    if (options.signal?.aborted) return;
    const recovery = await recoverFromCrash(reason, crashed, {
      target,
      env,
      probeMs,
      record,
      rerun: options.rerun,
    });
    if ('lost' in recovery) targetLost ??= { afterCase: crashed[0]?.result.id ?? '', reason: recovery.lost };
    else restarts.push(recovery.restart);
  };
  const afterCase = async (scheduled: Scheduled, result: CaseResult) => {
    if (options.restartable) {
      const state = await checkDeath(options.restartable, env, probeMs);
      running -= 1;
      if (state && 'dead' in state) {
        suspects.push({ scheduled, result });
        recovering ??= recover(state.dead, options.restartable).finally(() => {
          recovering = undefined;
          freeSlot();
        });
        return;
      }
      record(result);
      if (state && !targetLost) targetLost = { afterCase: scheduled.definition.id, reason: state.lost };
      return;
    }
    // The verdict waits for the probe: a case that ran while the target stopped answering keeps none.
    const sanity = targetLost ? undefined : await sanityProbe(env.target, probeMs, env.versions);
    running -= 1;
    if (sanity?.ok && !targetLost) {
      record(result);
      return;
    }
    if (sanity && !sanity.ok && !targetLost)
      targetLost = { afterCase: scheduled.definition.id, reason: sanity.reason };
    lostWith.push({ scheduled, result });
  };
  const start = async (scheduled: Scheduled) => {
    let holdsWorkingSlot = true;
    const leaveWorkingSlot = () => {
      if (!holdsWorkingSlot) return;
      holdsWorkingSlot = false;
      working -= 1;
      freeSlot();
    };
    // A quiet case that acts again counts as working: no case starts until the working ones are fewer again.
    const retakeWorkingSlot = () => {
      if (holdsWorkingSlot) return;
      holdsWorkingSlot = true;
      working += 1;
    };
    working += 1;
    inFlight += 1;
    running += 1;
    const { group, definition } = scheduled;
    const quiet =
      concurrency.inFlight > concurrency.working
        ? {
            thresholdMs: () => quietThreshold(concurrency.quiet, replyTimes.median(), env.timeoutMultiplier),
            onQuiet: leaveWorkingSlot,
            onActive: retakeWorkingSlot,
            onReply: (ms: number) => replyTimes.add(ms),
          }
        : undefined;
    const result = await runCaseDecisively(definition, group, env, options.rerun(definition), quiet);
    if (options.signal?.aborted) running -= 1;
    else await afterCase(scheduled, result);
    leaveWorkingSlot();
    inFlight -= 1;
    freeSlot();
  };
  const started: Promise<void>[] = [];
  for (;;) {
    if (recovering) await recovering;
    if (targetLost || options.signal?.aborted || queue.length === 0) break;
    if (working >= concurrency.working || inFlight >= concurrency.inFlight) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
      continue;
    }
    started.push(start(queue.shift()!));
  }
  await Promise.all(started);
  if (recovering) await recovering;
  if (targetLost && lostWith.length > 0) {
    targetLost = await settleLostTarget(targetLost, lostWith, {
      env,
      probeMs,
      rerun: options.rerun,
      record,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
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
