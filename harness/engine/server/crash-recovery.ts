import type { CaseDefinition, CaseGroup } from '../../model/case.js';
import type { Check } from '../../model/outcome.js';
import type { CaseResult, TargetRestart } from '../../model/result.js';
import { sanityProbe } from '../../probes/sanity.js';
import type { RestartableTarget } from '../../target/restartable.js';
import { runCaseDecisively } from './decisive-segmentation.js';
import type { Environment } from './run-case.js';

export interface Scheduled {
  readonly group: CaseGroup;
  readonly definition: CaseDefinition;
}

/** A case during which the target died: FAIL, whatever the case itself concluded. */
export function crashedResult(result: CaseResult, reason: string): CaseResult {
  const crashed: Check = {
    clause: result.clause,
    verdict: 'FAIL',
    expected: [
      { verdict: 'PASS', when: 'the target keeps running' },
      { verdict: 'FAIL', when: 'the target crashed' },
    ],
    matched: 1,
    observed: `the target process died during this case (${reason}); the harness restarted it for the next case`,
    kind: 'target-crashed',
  };
  const { reason: _reason, ...rest } = result;
  return { ...rest, ...crashed, checks: [...result.checks, crashed] };
}

/**
 * Whether the target died: its process ended, or it stopped answering the sanity probe and its process ends
 * within a moment. A target that stops answering but keeps running is not dead (the caller reports it lost).
 */
export async function checkDeath(
  target: RestartableTarget,
  env: Environment,
  probeMs: number,
): Promise<{ dead: string } | { lost: string } | undefined> {
  const early = target.death();
  if (early !== undefined) return { dead: early };
  const sanity = await sanityProbe(env.target, probeMs, env.versions);
  if (sanity.ok) return undefined;
  const death = await target.awaitDeath(1000);
  return death !== undefined ? { dead: death } : { lost: sanity.reason };
}

export interface RecoveryOptions {
  readonly target: RestartableTarget;
  readonly env: Environment;
  readonly probeMs: number;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly record: (result: CaseResult) => void;
}

export type Recovery = { readonly restart: TargetRestart } | { readonly lost: string };

async function restart(target: RestartableTarget): Promise<string | undefined> {
  try {
    await target.restart();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * After the target died with these cases running: restarts it, then names the case that killed it. With one
 * suspect that case is named at once; with several, each is run again alone (restarting the target after each
 * crash), and every case that crashes it alone fails. The others keep the verdict of their run alone.
 */
export async function recoverFromCrash(
  reason: string,
  suspects: readonly { readonly scheduled: Scheduled; readonly result: CaseResult }[],
  options: RecoveryOptions,
): Promise<Recovery> {
  const failed = await restart(options.target);
  if (failed) return { lost: `the target died (${reason}) and could not be restarted: ${failed}` };
  const duringCases = suspects.map((s) => s.result.id);
  if (suspects.length === 1) {
    options.record(crashedResult(suspects[0]!.result, reason));
    return { restart: { reason, duringCases, culprits: duringCases } };
  }
  const culprits: string[] = [];
  for (const { scheduled } of suspects) {
    const { definition, group } = scheduled;
    const result = await runCaseDecisively(definition, group, options.env, options.rerun(definition));
    const after = await checkDeath(options.target, options.env, options.probeMs);
    if (after && 'lost' in after) return { lost: after.lost };
    if (!after) {
      options.record(result);
      continue;
    }
    culprits.push(definition.id);
    options.record(crashedResult(result, after.dead));
    const again = await restart(options.target);
    if (again) return { lost: `the target died (${after.dead}) and could not be restarted: ${again}` };
  }
  return { restart: { reason, duringCases, culprits } };
}
