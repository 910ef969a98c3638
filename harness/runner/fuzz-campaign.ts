/**
 * The fuzz campaign engine, clause-free: runs a fast-check property over generated inputs within a budget of runs
 * or time, probes the target after every case (a crash or wedge is a finding named after the input), stops at the
 * first finding, replays it by fast-check's seed and path and shrinks it within its own bound. The caller says
 * what a case is and what a finding means.
 */
import fc from 'fast-check';
import type { SanityResult } from './sanity.js';

/** What one case found. `blame` names what the input exercised last, for a loss of the target after it. */
export type CaseOutcome<D> =
  | { readonly ok: true; readonly blame: string; readonly detail: D }
  | { readonly ok: false; readonly clause: string; readonly what: string; readonly detail: D };

export type FindingKind = 'violation' | 'target-lost';

export interface CampaignFinding<I, D> {
  readonly kind: FindingKind;
  readonly clause: string;
  readonly what: string;
  /** The smallest failing input shrinking reached. */
  readonly input: I;
  /** The case's own record of the shrunk input (its trace). */
  readonly detail: D;
  /** fast-check's replay path of the first (unshrunk) failure. */
  readonly path: string;
  readonly shrinks: number;
}

export interface CampaignStats {
  cases: number;
  shrinks: number;
  findings: number;
  readonly startedMs: number;
}

export interface CampaignOptions<I, D> {
  readonly arbitrary: fc.Arbitrary<I>;
  runCase(input: I): Promise<CaseOutcome<D>>;
  /** Does the target still answer a clean handshake? */
  probe(): Promise<SanityResult>;
  /** Brings a lost target back (a fresh reference server, a restarted process); false if it cannot. */
  restart?(): Promise<boolean>;
  readonly seed: number;
  /** Cases to run (default 1000) unless `timeMs` is given. */
  readonly runs?: number;
  readonly timeMs?: number;
  /** Bounds on shrinking (default 400 attempts, 120 s). */
  readonly maxShrinks?: number;
  readonly shrinkTimeMs?: number;
  onProgress?(stats: CampaignStats): void;
  /**
   * Simpler variants of an input (fewer octets), tried after fast-check's shrinking, first one that still fails
   * the same way wins, until none does: it reaches what a structural shrinker cannot, such as a cut message.
   */
  simplify?(input: I): I[];
}

export interface CampaignResult<I, D> {
  readonly stats: CampaignStats;
  readonly seed: number;
  readonly finding?: CampaignFinding<I, D>;
  /** Set when the target was lost and could not be brought back: the finding is as small as it got. */
  readonly targetGone?: boolean;
}

type Failure<I, D> = { kind: FindingKind; clause: string; what: string; input: I; detail: D };

const RUN_FOREVER = 2 ** 31 - 1;

export async function runCampaign<I, D>(options: CampaignOptions<I, D>): Promise<CampaignResult<I, D>> {
  const stats: CampaignStats = { cases: 0, shrinks: 0, findings: 0, startedMs: performance.now() };
  let last: Failure<I, D> | undefined;
  let lost = false;
  let gone = false;
  let shrinking = false;
  let shrinkStarted = 0;
  let first: Failure<I, D> | undefined;
  let best: Failure<I, D> | undefined;

  async function runOne(input: I): Promise<boolean> {
    if (gone) return true;
    if (lost) {
      lost = false;
      if (!(await options.restart?.())) {
        gone = true;
        return true;
      }
    }
    if (shrinking) stats.shrinks += 1;
    else stats.cases += 1;
    const outcome = await options.runCase(input);
    const probe = await options.probe();
    if (!probe.ok) lost = true;
    if (!outcome.ok) {
      last = { kind: 'violation', clause: outcome.clause, what: outcome.what, input, detail: outcome.detail };
      return false;
    }
    if (!probe.ok) {
      last = {
        kind: 'target-lost',
        clause: outcome.blame,
        what: `the target stopped answering a clean SOCKS5 greeting after this input (${probe.reason})`,
        input,
        detail: outcome.detail,
      };
      return false;
    }
    return true;
  }

  async function check(input: I): Promise<boolean> {
    if (shrinking) {
      const over =
        stats.shrinks >= (options.maxShrinks ?? 400) ||
        performance.now() - shrinkStarted > (options.shrinkTimeMs ?? 120_000);
      if (over) return true;
    }
    const passed = await runOne(input);
    options.onProgress?.(stats);
    if (passed || !shrinking || first === undefined) return passed;
    // A shrink step counts only if it fails the same way: a violation of the same clause, or again a lost
    // target (whose clause names the input, so it may sharpen as the input shrinks).
    const same = last?.kind === first.kind && (last.kind === 'target-lost' || last.clause === first.clause);
    if (same) best = last;
    return !same;
  }
  const property = fc.asyncProperty(options.arbitrary, check);

  /** Greedy: adopt the first simpler variant that still fails the same way, within the shrink bounds. */
  async function simplifyFurther(): Promise<void> {
    if (!options.simplify) return;
    let current = best ?? first;
    while (current) {
      let adopted: Failure<I, D> | undefined;
      for (const candidate of options.simplify(current.input)) {
        if (!(await check(candidate))) {
          adopted = best;
          break;
        }
      }
      if (!adopted || adopted === current) return;
      current = adopted;
    }
  }

  const search = await fc.check(property, {
    seed: options.seed,
    numRuns: options.timeMs !== undefined ? RUN_FOREVER : (options.runs ?? 1000),
    ...(options.timeMs !== undefined ? { interruptAfterTimeLimit: options.timeMs } : {}),
    endOnFailure: true,
  });
  if (!search.failed || last === undefined) return { stats, seed: options.seed };
  stats.findings = 1;
  const path = search.counterexamplePath ?? '';
  first = last;
  const original: Failure<I, D> = last;
  shrinking = true;
  shrinkStarted = performance.now();
  await fc.check(property, { seed: options.seed, path, numRuns: 1 });
  await simplifyFurther();
  const shrunk: Failure<I, D> = best ?? original;
  // A loss that shrinking could not reproduce keeps the original input and what was seen with it.
  return {
    stats,
    seed: options.seed,
    finding: { ...shrunk, path, shrinks: stats.shrinks },
    ...(gone ? { targetGone: true } : {}),
  };
}
