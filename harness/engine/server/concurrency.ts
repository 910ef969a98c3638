/** How many cases run at once (`--jobs`): a number, or `auto`. */
export type Jobs = number | 'auto';

export interface Concurrency {
  /** Cases at once that are not quiet: sending, receiving or connecting. */
  readonly working: number;
  /** Cases at once in all, the quiet ones included: the bound on the connections the target sees. */
  readonly inFlight: number;
  /** The quiet threshold's bounds (unscaled): see `quietThreshold`. */
  readonly quiet: { readonly minMs: number; readonly maxMs: number };
}

/** The quiet threshold is this many times the target's median reply time, within the bounds. */
export const REPLY_TIMES_TO_QUIET = 4;

/**
 * `--jobs N`: N cases at once, whatever they do. `--jobs auto`: 8 cases working at once, as many as `--jobs 8`
 * ran, and beyond them, up to 128 in flight, cases that have gone quiet: a case that only waits out a deadline
 * (a silent target, a close that does not come, a reassembly timer) costs neither the harness nor the target
 * any work, so it should not hold up the ones that would. The 128 bound keeps the connections a target sees
 * within its accept queue.
 */
export function concurrencyFor(jobs: Jobs): Concurrency {
  const quiet = { minMs: 50, maxMs: 1000 };
  if (jobs === 'auto') return { working: 8, inFlight: 128, quiet };
  const n = Math.max(1, jobs);
  return { working: n, inFlight: n, quiet };
}

/**
 * How long a case must be quiet before it gives up its working slot: four times the target's median reply time,
 * at least `minMs` and at most `maxMs`, and `maxMs` until the target has answered anything.
 *
 * A fixed threshold is wrong one way or the other. Against a target that answers in a millisecond, 50 ms of
 * silence means the case waits on a deadline, and a longer threshold only holds slots (half a second left the
 * run against a silent target at 1.7 times its longest case). But a case awaiting the reply of a slow target (or
 * of a busy host's) is quiet too: with 50 ms fixed, the reference on two cores shared with six busy processes
 * made the run start ever more cases against it, until the replies came after their deadlines and 38 to 60 of
 * 152 verdicts changed. Following the reply time closes that loop: as replies slow, fewer cases count as quiet.
 */
export function quietThreshold(
  bounds: Concurrency['quiet'],
  medianReplyMs: number | undefined,
  timeoutMultiplier: number,
): number {
  const minMs = bounds.minMs * timeoutMultiplier;
  const maxMs = bounds.maxMs * timeoutMultiplier;
  if (medianReplyMs === undefined) return maxMs;
  return Math.min(maxMs, Math.max(minMs, REPLY_TIMES_TO_QUIET * medianReplyMs));
}
