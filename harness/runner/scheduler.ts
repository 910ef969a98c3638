import type { CaseDefinition, CaseGroup } from './case.js';
import type { CaseResult } from './result.js';
import { type Environment, runCase } from './run-case.js';
import { sanityProbe } from './sanity.js';

export interface ScheduleOptions {
  readonly groups: readonly CaseGroup[];
  readonly selected: ReadonlySet<CaseDefinition>;
  readonly env: Environment;
  readonly jobs: number;
  readonly rerun: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
}

export interface ScheduleOutcome {
  readonly results: CaseResult[];
  readonly complete: boolean;
  readonly targetLost?: { afterCase: string; reason: string };
}

/**
 * Runs every selected case, at most `jobs` at once, each on its own connections, so that cases which must wait
 * (the 10-second close rule, the reassembly timer) overlap. After every case a sanity probe checks that the
 * target still answers; the first case after which it does not is named, and the run stops there.
 */
export async function schedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  const results: CaseResult[] = [];
  let targetLost: ScheduleOutcome['targetLost'];
  const probeMs = Math.round(3000 * options.env.timeoutMultiplier);
  const queue = options.groups.flatMap((group) =>
    group.cases.filter((c) => options.selected.has(c)).map((definition) => ({ group, definition })),
  );
  const worker = async () => {
    for (;;) {
      if (targetLost || options.signal?.aborted) return;
      const next = queue.shift();
      if (!next) return;
      const { group, definition } = next;
      const result = await runCase(definition, group, options.env, options.rerun(definition));
      if (options.signal?.aborted) return;
      results.push(result);
      options.onResult?.(result);
      const sanity = await sanityProbe(options.env.target, probeMs);
      if (!sanity.ok && !targetLost) targetLost = { afterCase: definition.id, reason: sanity.reason };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  const complete = !targetLost && !options.signal?.aborted;
  return { results, complete, ...(targetLost ? { targetLost } : {}) };
}
