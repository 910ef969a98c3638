/**
 * One failing run of a campaign replayed alone (nothing else running) by fast-check's seed and path, and, if it
 * fails again, shrunk within its own bounds: fast-check's shrinking, then the caller's simpler variants.
 */
import fc from 'fast-check';

export type FindingKind = 'violation' | 'target-lost';

/** A case that failed: the input, what it broke and the case's own record of it. */
export interface Failure<I, D> {
  readonly kind: FindingKind;
  readonly clause: string;
  readonly what: string;
  readonly input: I;
  readonly detail: D;
}

export interface ShrinkAloneOptions<I, D> {
  readonly arbitrary: fc.Arbitrary<I>;
  readonly seed: number;
  /** One case and then its own probe, nothing else running; undefined when it passes (or the target is gone). */
  runAlone(input: I): Promise<Failure<I, D> | undefined>;
  simplify?(input: I): I[];
  readonly maxShrinks: number;
  readonly shrinkTimeMs: number;
  interrupted(): boolean;
  onStep?(): void;
}

/** The smallest failure reached from run `index` and the steps it took, or undefined if it passes alone. */
export async function shrinkAlone<I, D>(
  index: number,
  options: ShrinkAloneOptions<I, D>,
): Promise<{ failure: Failure<I, D>; steps: number } | undefined> {
  const started = performance.now();
  let steps = 0;
  let first: Failure<I, D> | undefined;
  let best: Failure<I, D> | undefined;

  async function check(input: I): Promise<boolean> {
    const over =
      options.interrupted() ||
      steps >= options.maxShrinks ||
      performance.now() - started > options.shrinkTimeMs;
    if (over && first !== undefined) return true;
    steps += 1;
    const failure = await options.runAlone(input);
    options.onStep?.();
    if (!failure) return true;
    // The replay alone sets what the shrinking keeps to. A shrink step counts only if it fails the same way:
    // a violation of the same clause, or again a lost target (whose clause names the input, so it may sharpen
    // as the input shrinks).
    if (first === undefined) {
      first = failure;
      best = failure;
      return false;
    }
    const same =
      failure.kind === first.kind && (failure.kind === 'target-lost' || failure.clause === first.clause);
    if (same) best = failure;
    return !same;
  }

  await fc.check(fc.asyncProperty(options.arbitrary, check), {
    seed: options.seed,
    path: String(index),
    numRuns: 1,
  });
  if (best === undefined) return undefined;

  // Greedy: adopt the first simpler variant that still fails the same way, within the shrink bounds.
  let current = best;
  while (options.simplify) {
    let adopted: Failure<I, D> | undefined;
    for (const candidate of options.simplify(current.input)) {
      if (!(await check(candidate))) {
        adopted = best;
        break;
      }
    }
    if (!adopted || adopted === current) break;
    current = adopted;
  }
  return { failure: best, steps };
}
