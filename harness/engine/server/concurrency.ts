/** How many cases run at once (`--jobs`): a number, or `auto`. */
export type Jobs = number | 'auto';

export interface Concurrency {
  /** Cases at once that are not quiet: sending, receiving or connecting. */
  readonly working: number;
  /** Cases at once in all, the quiet ones included: the bound on the connections the target sees. */
  readonly inFlight: number;
  /** How long a case must be quiet (see quiet-watch.ts) before it gives up its working slot, unscaled. */
  readonly quietMs: number;
}

/**
 * `--jobs N`: N cases at once, whatever they do. `--jobs auto`: 8 cases working at once, as many as `--jobs 8`
 * ran, and beyond them, up to 128 in flight, cases that have gone quiet: a case that only waits out a deadline
 * (a silent target, a close that does not come, a reassembly timer) costs neither the harness nor the target
 * any work, so it should not hold up the ones that would.
 *
 * Quiet means half a second without a byte, not less: a case awaiting the reply of a target that is slow (or of
 * one on a busy machine) is quiet too, and with a shorter bound a slow target made the run start ever more cases
 * against it, until the replies came after their deadlines and the verdicts changed (the reference server on two
 * cores shared with six busy processes: 38 to 60 of 152 cases ERROR, FAIL or UNSUPPORTED at 50 ms; all PASS at
 * 500 ms, with 32 or 128 in flight). The 128 bound keeps the connections a target sees within its accept queue.
 */
export function concurrencyFor(jobs: Jobs): Concurrency {
  if (jobs === 'auto') return { working: 8, inFlight: 128, quietMs: 500 };
  const n = Math.max(1, jobs);
  return { working: n, inFlight: n, quietMs: 500 };
}
