import type { CaseDefinition } from '../../model/case.js';
import type { Check } from '../../model/outcome.js';
import type { CaseResult, TargetLost } from '../../model/result.js';
import { sanityProbe } from '../../probes/sanity.js';
import type { Scheduled } from './crash-recovery.js';
import { runCaseDecisively } from './decisive-segmentation.js';
import type { Environment } from './run-case.js';

/** A case that was running when the target stopped answering, and what the case itself concluded. */
export interface Suspect {
  readonly scheduled: Scheduled;
  readonly result: CaseResult;
}

function replaced(result: CaseResult, check: Check): CaseResult {
  const { reason: _reason, matched: _matched, ...rest } = result;
  return { ...rest, ...check, checks: [...result.checks, check] };
}

/** The case that stopped the target: FAIL, whatever the case itself concluded. */
function culpritResult(result: CaseResult, reason: string, how: string): CaseResult {
  return replaced(result, {
    clause: result.clause,
    verdict: 'FAIL',
    expected: [
      { verdict: 'PASS', when: 'the target keeps answering' },
      { verdict: 'FAIL', when: 'the target stopped answering' },
    ],
    matched: 1,
    observed: `the target stopped answering (${reason}) ${how}`,
    kind: 'target-lost',
  });
}

/** A case that may or may not have stopped the target: no claim either way. */
function suspectResult(result: CaseResult, reason: string, others: number): CaseResult {
  const why = `the target stopped answering (${reason}) while this case and ${others} other${others === 1 ? '' : 's'} ran; which one stopped it is unknown: re-run each alone`;
  return replaced(result, {
    clause: result.clause,
    verdict: 'ERROR',
    expected: [],
    observed: why,
    kind: 'target-lost',
    reason: why,
  });
}

/** Polling bound of the wait for a target to answer again (a supervisor restarting it). */
const POLL_MS = 200;

async function answersWithin(options: LostOptions): Promise<boolean> {
  const { env, probeMs } = options;
  const until = performance.now() + probeMs;
  for (;;) {
    const started = performance.now();
    if ((await sanityProbe(env.target, probeMs, env.versions)).ok) return true;
    if (performance.now() >= until || options.signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (performance.now() - started))));
  }
}

export interface LostOptions {
  readonly env: Environment;
  readonly probeMs: number;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly record: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
}

/**
 * A target the harness cannot restart stopped answering with `running` running: none of them keeps the verdict
 * it reached against a target that was dying (a culprit's PASS, an innocent case's FAIL). The only one running
 * fails. Of several, while the target answers again within the probe's bound (a supervisor restarted it), each
 * is run again alone: one that stops it again fails, the others keep their verdict of that run alone; any left
 * when it no longer answers is ERROR. Records every result and says what was found.
 */
export async function settleLostTarget(
  lost: { readonly afterCase: string; readonly reason: string },
  running: readonly Suspect[],
  options: LostOptions,
): Promise<TargetLost> {
  // A case that never got a connection to the target started after it had stopped answering: its own result
  // (an ERROR, the target unreachable) stands, and it is no suspect.
  const port = `:${options.env.target.port}`;
  const reached = (s: Suspect) => s.result.trace.some((e) => e.type === 'connect' && e.remote.endsWith(port));
  for (const late of running.filter((s) => !reached(s))) options.record(late.result);
  const suspects = running.filter(reached);
  const ids = suspects.map((s) => s.result.id);
  if (suspects.length === 0) return { ...lost, suspects: [] };
  if (suspects.length === 1) {
    options.record(culpritResult(suspects[0]!.result, lost.reason, 'after this case, the only one running'));
    return { ...lost, suspects: ids, culprits: ids };
  }
  const left = [...suspects];
  const culprits: string[] = [];
  while (left.length > 0 && !options.signal?.aborted && (await answersWithin(options))) {
    const { definition, group } = left.shift()!.scheduled;
    const alone = await runCaseDecisively(definition, group, options.env, options.rerun(definition));
    const after = await sanityProbe(options.env.target, options.probeMs, options.env.versions);
    if (after.ok) {
      options.record(alone);
      continue;
    }
    culprits.push(definition.id);
    options.record(culpritResult(alone, after.reason, 'again when this case was re-run alone'));
  }
  for (const { result } of left) options.record(suspectResult(result, lost.reason, ids.length - 1));
  return { ...lost, suspects: ids, culprits };
}
