import type { CaseDefinition, CaseGroup } from '../../model/case.js';
import type { CaseResult } from '../../model/result.js';
import type { Verdict } from '../../model/verdict.js';
import type { QuietWatchOptions } from './quiet-watch.js';
import { type Environment, runCase } from './run-case.js';

/**
 * The confirming run's pause after the first octet of each message and before its last. A server that parses
 * each read as one message fails only if it reads an octet before the next arrives: a thread that is scheduled
 * late (a loaded host, a container) reads several at once and passes by luck. A pause long enough for the
 * reading thread to run makes the split visible whatever the host's load; the octets between keep the short gap.
 */
export const CONFIRMING_HOLD_MS = 20;

/** Verdicts a bytewise run can reach by luck: the server read several octets at once and never saw a split. */
const mayBeLuck: ReadonlySet<Verdict> = new Set(['PASS', 'WARN', 'INFO', 'UNSUPPORTED']);

/**
 * Runs a case; a bytewise variant (or a case that splits its messages itself) that did not fail is run once more with the first and last octet of each
 * message held apart, and a FAIL of that run is the verdict (the spec defines messages on a byte stream, so a
 * split that breaks the server is a defect however rarely the host's timing shows it). Every other case runs
 * once, as given.
 */
export async function runCaseDecisively(
  definition: CaseDefinition,
  group: CaseGroup,
  env: Environment,
  rerun: string,
  quiet?: QuietWatchOptions,
): Promise<CaseResult> {
  const first = await runCase(definition, group, env, rerun, quiet ? { quiet } : {});
  const split = definition.segmentation === 'bytewise' || definition.splitsMessages === true;
  if (!split || !mayBeLuck.has(first.verdict)) return first;
  const again = await runCase(definition, group, env, rerun, {
    ...(quiet ? { quiet } : {}),
    holdMs: CONFIRMING_HOLD_MS,
    note:
      `a first run gave ${first.verdict}; this confirming run holds the first and last octet of each message ` +
      `${CONFIRMING_HOLD_MS} ms apart from the rest`,
  });
  return again.verdict === 'FAIL' ? again : first;
}
