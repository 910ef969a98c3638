/**
 * The fuzz campaign engine, clause-free: runs generated inputs within a budget of runs or time, `jobs` at once,
 * probes the target after every case (a crash or wedge is a finding named after the input), stops at the first
 * finding, replays it alone by fast-check's seed and path and shrinks it within its own bound. Run i's input is
 * fast-check's run i for the seed whatever the concurrency or shard, so a campaign explores the same inputs and
 * reaches the same shrunk finding either way. The caller says what a case is and what a finding means.
 */
import fc from 'fast-check';
import type { Shard } from '../../model/shard.js';
import { batchedProbe } from '../../probes/batched-probe.js';
import type { SanityResult } from '../../probes/sanity.js';

/**
 * What one case found. `blame` names what the input exercised last, for a loss of the target after it.
 * `skipped`: the case chose not to send its input (it could have left loopback); it still counts as a case.
 */
export type CaseOutcome<D> =
  | { readonly ok: true; readonly blame: string; readonly detail: D; readonly skipped?: true }
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
  /**
   * Cases running at once when it was seen, when none of them failed again alone (a failure that needs other
   * connections at the same time, or a target that did not come back to replay them); the input is then the one
   * with the lowest run index, unshrunk.
   */
  readonly onlyConcurrent?: number;
  /** The campaign was interrupted before this failure was replayed alone: the input as seen, unshrunk. */
  readonly unconfirmed?: true;
}

export interface CampaignStats {
  cases: number;
  /** Search cases whose input was not sent (see CaseOutcome). */
  skipped: number;
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
  /** Cases to run (default 1000) unless `timeMs` is given; a shard runs its part of them. */
  readonly runs?: number;
  readonly timeMs?: number;
  /** Cases run at once while searching (default 1); a failure is replayed and shrunk alone. */
  readonly jobs?: number;
  /** Only the runs of this shard: run index i belongs to shard (i mod count) + 1. */
  readonly shard?: Shard;
  /** Bounds on shrinking (default 400 attempts, 120 s). */
  readonly maxShrinks?: number;
  readonly shrinkTimeMs?: number;
  onProgress?(stats: CampaignStats): void;
  /**
   * Simpler variants of an input (fewer octets), tried after fast-check's shrinking, first one that still fails
   * the same way wins, until none does: it reaches what a structural shrinker cannot, such as a cut message.
   */
  simplify?(input: I): I[];
  /**
   * Ends the campaign early: no case starts after it, the cases in flight end (each within its own deadline),
   * and the shrinking stops as at its bounds; the result says so (`interrupted`).
   */
  readonly signal?: AbortSignal;
}

export interface CampaignResult<I, D> {
  readonly stats: CampaignStats;
  readonly seed: number;
  readonly finding?: CampaignFinding<I, D>;
  /** Set when the target was lost and could not be brought back: the finding is as small as it got. */
  readonly targetGone?: boolean;
  /** Set when `signal` ended the campaign before its budget did. */
  readonly interrupted?: true;
}

type Failure<I, D> = { kind: FindingKind; clause: string; what: string; input: I; detail: D };

/** Run indices of a campaign (or of its shard), in order, up to `runs` if given. */
export function* runIndices(shard: Shard | undefined, runs: number | undefined): Generator<number> {
  const step = shard?.count ?? 1;
  for (let index = (shard?.index ?? 1) - 1; runs === undefined || index < runs; index += step) yield index;
}

const CHUNK = 256;
/** While searching with cases at once: the least time between the starts of two liveness probes. */
const SEARCH_PROBE_GAP_MS = 20;

/** fast-check's input of run `index` for `seed`, as `fc.check(…, { seed, path: String(index) })` replays it. */
class InputSource<I> {
  #start = 0;
  #chunk: I[] = [];
  constructor(
    readonly arbitrary: fc.Arbitrary<I>,
    readonly seed: number,
  ) {}

  at(index: number): I {
    if (index < this.#start || index >= this.#start + this.#chunk.length) {
      this.#start = index;
      this.#chunk = fc.sample(this.arbitrary, { seed: this.seed, path: String(index), numRuns: CHUNK });
    }
    return this.#chunk[index - this.#start]!;
  }
}

export async function runCampaign<I, D>(options: CampaignOptions<I, D>): Promise<CampaignResult<I, D>> {
  const stats: CampaignStats = {
    cases: 0,
    skipped: 0,
    shrinks: 0,
    findings: 0,
    startedMs: performance.now(),
  };
  const jobs = Math.max(1, options.jobs ?? 1);
  const interrupted = () => options.signal?.aborted === true;
  /** What every result says of an interrupt. */
  const ended = () => (interrupted() ? { interrupted: true as const } : {});
  let lost = false;
  let gone = false;
  let shrinkStarted = 0;
  let first: Failure<I, D> | undefined;
  let best: Failure<I, D> | undefined;
  /** Set as soon as a search case fails, before any other case can start (or restart a lost target). */
  let searchFailed = false;

  /** Brings a lost target back before the next case; false once it cannot be. */
  async function ready(): Promise<boolean> {
    if (gone) return false;
    if (lost) {
      lost = false;
      if (!(await options.restart?.())) {
        gone = true;
        return false;
      }
    }
    return true;
  }

  function failureOf(input: I, outcome: CaseOutcome<D>, probe: SanityResult): Failure<I, D> | undefined {
    if (!probe.ok) lost = true;
    if (!outcome.ok)
      return { kind: 'violation', clause: outcome.clause, what: outcome.what, input, detail: outcome.detail };
    if (!probe.ok)
      return {
        kind: 'target-lost',
        clause: outcome.blame,
        what: `the target stopped answering a clean SOCKS5 greeting after this input (${probe.reason})`,
        input,
        detail: outcome.detail,
      };
    return undefined;
  }

  /** One case and then its own probe, nothing else running: the replays and the shrinking. */
  const probeAlone = batchedProbe(options.probe, 0);
  async function runAlone(input: I): Promise<Failure<I, D> | undefined> {
    if (!(await ready())) return undefined;
    stats.shrinks += 1;
    return failureOf(input, await options.runCase(input), await probeAlone());
  }

  // The search: runs in index order, `jobs` at once, until the budget ends or one fails; the ones in flight
  // then finish, so a failure that another case caused (a crash seen by its neighbours) is among those kept.
  // One case at a time waits for its own probe; with more, a case goes on to the next while its probe, shared
  // with the cases that end near it, is still to come, and the search ends once every probe has answered.
  const seen = new Map<number, Failure<I, D>>();
  const indices = runIndices(
    options.shard,
    options.timeMs !== undefined ? undefined : (options.runs ?? 1000),
  );
  const inputs = new InputSource(options.arbitrary, options.seed);
  const deadline = options.timeMs !== undefined ? stats.startedMs + options.timeMs : Number.POSITIVE_INFINITY;
  const searchProbe = batchedProbe(options.probe, jobs > 1 ? SEARCH_PROBE_GAP_MS : 0);
  const unprobed = new Set<Promise<void>>();
  async function searchOne(index: number): Promise<void> {
    const input = inputs.at(index);
    stats.cases += 1;
    const outcome = await options.runCase(input);
    if (!outcome.ok) searchFailed = true;
    else if (outcome.skipped) stats.skipped += 1;
    const probed = searchProbe().then((probe) => {
      const failure = failureOf(input, outcome, probe);
      if (failure) {
        searchFailed = true;
        seen.set(index, failure);
      }
      options.onProgress?.(stats);
    });
    if (jobs === 1) return probed;
    unprobed.add(probed);
    void probed.finally(() => unprobed.delete(probed));
  }
  async function worker(): Promise<void> {
    while (!searchFailed && !interrupted() && performance.now() < deadline) {
      const next = indices.next();
      if (next.done) return;
      if (!(await ready())) return;
      await searchOne(next.value);
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker));
  await Promise.all(unprobed);
  if (seen.size === 0) return { stats, seed: options.seed, ...ended() };
  stats.findings = 1;

  async function check(input: I): Promise<boolean> {
    const over =
      interrupted() ||
      stats.shrinks >= (options.maxShrinks ?? 400) ||
      performance.now() - shrinkStarted > (options.shrinkTimeMs ?? 120_000);
    if (over && first !== undefined) return true;
    const failure = await runAlone(input);
    options.onProgress?.(stats);
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
  const property = fc.asyncProperty(options.arbitrary, check);

  /** Greedy: adopt the first simpler variant that still fails the same way, within the shrink bounds. */
  async function simplifyFurther(): Promise<void> {
    if (!options.simplify) return;
    let current = best;
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

  // Each failing run, in index order, replayed alone: the first that fails again is the finding, and shrinks.
  // Before them, the `jobs` runs before the first: a failure that needs the server's timing as a case alone
  // gets it (e.g. its reads splitting the octets as they were sent) may have passed among the load of others.
  shrinkStarted = performance.now();
  const order = [...seen.keys()].sort((a, b) => a - b);
  const step = options.shard?.count ?? 1;
  const neighbours =
    jobs > 1
      ? Array.from({ length: jobs }, (_, i) => order[0]! - step * (jobs - i)).filter((i) => i >= 0)
      : [];
  for (const index of [...neighbours, ...order]) {
    if (interrupted()) break;
    await fc.check(property, { seed: options.seed, path: String(index), numRuns: 1 });
    if (first === undefined) continue;
    await simplifyFurther();
    return {
      stats,
      seed: options.seed,
      finding: { ...best!, path: String(index), shrinks: stats.shrinks },
      ...(gone ? { targetGone: true } : {}),
      ...ended(),
    };
  }
  // None failed again alone, or the campaign was interrupted before one did: the failure as it was seen (a
  // loss that could not be reproduced keeps its input).
  const index = order[0]!;
  return {
    stats,
    seed: options.seed,
    finding: {
      ...seen.get(index)!,
      path: String(index),
      shrinks: stats.shrinks,
      ...(interrupted() ? { unconfirmed: true as const } : jobs > 1 ? { onlyConcurrent: jobs } : {}),
    },
    ...(gone ? { targetGone: true } : {}),
    ...ended(),
  };
}
