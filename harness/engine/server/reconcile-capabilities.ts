import type { Capabilities, ProbedCapability } from '../../model/capabilities.js';
import type { CaseDefinition } from '../../model/case.js';
import type { CaseResult } from '../../model/result.js';

/**
 * The capabilities after the run: one the probe's single request was not served (a slow first answer, a
 * refusal of that one request) is yes when a case that `proves` it passed, so that the capability line never
 * says "no" beside a PASS of the very feature. The probe's answer stays in `probeAnswers`; `servedIn` names the
 * case. A yes of the probe is never turned into a no: the target did serve it once.
 */
export function reconcileCapabilities(
  capabilities: Capabilities,
  definitions: readonly CaseDefinition[],
  results: readonly CaseResult[],
): Capabilities {
  const proving = new Map(definitions.flatMap((d) => (d.proves ? [[d.id, d.proves] as const] : [])));
  const servedIn: Partial<Record<ProbedCapability, string>> = { ...capabilities.servedIn };
  for (const result of results) {
    const capability = proving.get(result.id);
    if (!capability || result.verdict !== 'PASS' || capabilities[capability] !== false) continue;
    servedIn[capability] ??= result.id;
  }
  const found = Object.keys(servedIn) as ProbedCapability[];
  if (found.length === 0) return capabilities;
  return { ...capabilities, ...Object.fromEntries(found.map((c) => [c, true])), servedIn };
}
