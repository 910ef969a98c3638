/**
 * The fuzz campaign engine, clause-free: runs generated inputs within a budget of runs or time, `jobs` at once,
 * probes the target after every case (a crash or wedge is a finding named after the input) and collects the
 * distinct findings. The search pauses at each failure, lets the cases in flight end and triages what it saw: a
 * failure of a known signature is a hit of that finding; any other is replayed alone by fast-check's seed and
 * path, shrunk within its own bound, and booked under its shrunk input's signature; then the search goes on
 * (`stopOnFirst`: it ends at the first finding). Run i's input is fast-check's run i for the seed whatever the
 * concurrency or shard, so a campaign explores the same inputs and reaches the same shrunk findings either way.
 * The caller says what a case is, what a finding means and what makes two findings the same.
 */
import fc from 'fast-check';
import type { Shard } from '../../model/shard.js';
import { batchedProbe } from '../../probes/batched-probe.js';
import type { SanityResult } from '../../probes/sanity.js';
import { FindingBook } from './finding-book.js';
import { type Failure, type FindingKind, shrinkAlone } from './shrink-alone.js';

export type { FindingKind } from './shrink-alone.js';

/**
 * What one case found. `blame` names what the input exercised last, for a loss of the target after it.
 * `skipped`: the case chose not to send its input (it could have left loopback); it still counts as a case.
 */
export type CaseOutcome<D> =
  | { readonly ok: true; readonly blame: string; readonly detail: D; readonly skipped?: true }
  | { readonly ok: false; readonly clause: string; readonly what: string; readonly detail: D };

export interface CampaignFinding<I, D> {
  readonly kind: FindingKind;
  readonly clause: string;
  readonly what: string;
  /** The smallest failing input shrinking reached. */
  readonly input: I;
  /** The case's own record of the shrunk input (its trace). */
  readonly detail: D;
  /** fast-check's replay path of the run that was shrunk to it. */
  readonly path: string;
  /** The steps its own replay and shrinking took. */
  readonly shrinks: number;
  /** What makes two findings the same (`CampaignOptions.signature`, of the shrunk input). */
  readonly signature: string;
  /** Search inputs that hit it: the one it was shrunk from, and each later one whose signature is its. */
  readonly hits: number;
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
  /** Distinct findings so far. */
  findings: number;
  /** Search inputs that hit one of them. */
  hits: number;
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
  /**
   * What makes two failures the same finding (default: kind and clause). A failure whose signature, as seen or
   * once shrunk, is that of a finding already made is counted as its hit, not shrunk again.
   */
  signature?(failure: Failure<I, D>): string;
  /** End the campaign at its first finding, as one that does not look for distinct findings. */
  readonly stopOnFirst?: boolean;
  /** Bounds on shrinking each finding (default 400 attempts, 120 s). */
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
  /** The distinct findings, in the order they were made (by run index within each pause of the search). */
  readonly findings: readonly CampaignFinding<I, D>[];
  /** The first of `findings`, for callers that want one. */
  readonly finding?: CampaignFinding<I, D>;
  /** Set when the target was lost and could not be brought back: the finding is as small as it got. */
  readonly targetGone?: boolean;
  /** Set when `signal` ended the campaign before its budget did. */
  readonly interrupted?: true;
}

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
    hits: 0,
    startedMs: performance.now(),
  };
  const jobs = Math.max(1, options.jobs ?? 1);
  const interrupted = () => options.signal?.aborted === true;
  const book = new FindingBook<I, D>(options.signature ?? ((f) => `${f.kind} ${f.clause}`));
  let lost = false;
  let gone = false;

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

  const probeAlone = batchedProbe(options.probe, 0);
  const alone = {
    arbitrary: options.arbitrary,
    seed: options.seed,
    async runAlone(input: I): Promise<Failure<I, D> | undefined> {
      if (!(await ready())) return undefined;
      stats.shrinks += 1;
      return failureOf(input, await options.runCase(input), await probeAlone());
    },
    ...(options.simplify ? { simplify: options.simplify } : {}),
    maxShrinks: options.maxShrinks ?? 400,
    shrinkTimeMs: options.shrinkTimeMs ?? 120_000,
    interrupted,
    onStep: () => options.onProgress?.(stats),
  };
  function counted(): void {
    stats.findings = book.findings.length;
    stats.hits = book.hits;
  }

  const indices = runIndices(
    options.shard,
    options.timeMs !== undefined ? undefined : (options.runs ?? 1000),
  );
  const inputs = new InputSource(options.arbitrary, options.seed);
  const deadline = options.timeMs !== undefined ? stats.startedMs + options.timeMs : Number.POSITIVE_INFINITY;
  const searchProbe = batchedProbe(options.probe, jobs > 1 ? SEARCH_PROBE_GAP_MS : 0);

  /**
   * The search until its budget ends or a case fails: runs in index order, `jobs` at once; the ones in flight
   * then finish, so a failure that another case caused (a crash seen by its neighbours) is among those kept.
   * One case at a time waits for its own probe; with more, a case goes on to the next while its probe, shared
   * with the cases that end near it, is still to come, and the search pauses once every probe has answered.
   */
  async function search(): Promise<{ seen: Map<number, Failure<I, D>>; from: number }> {
    const seen = new Map<number, Failure<I, D>>();
    let from = Number.POSITIVE_INFINITY;
    /** Set as soon as a case fails, before any other case can start (or restart a lost target). */
    let failed = false;
    const unprobed = new Set<Promise<void>>();
    async function searchOne(index: number): Promise<void> {
      const input = inputs.at(index);
      stats.cases += 1;
      const outcome = await options.runCase(input);
      if (!outcome.ok) failed = true;
      else if (outcome.skipped) stats.skipped += 1;
      const probed = searchProbe().then((probe) => {
        const failure = failureOf(input, outcome, probe);
        if (failure) {
          failed = true;
          seen.set(index, failure);
        }
        options.onProgress?.(stats);
      });
      if (jobs === 1) return probed;
      unprobed.add(probed);
      void probed.finally(() => unprobed.delete(probed));
    }
    async function worker(): Promise<void> {
      while (!failed && !interrupted() && performance.now() < deadline) {
        if (!(await ready())) return;
        const next = indices.next();
        if (next.done) return;
        from = Math.min(from, next.value);
        await searchOne(next.value);
      }
    }
    await Promise.all(Array.from({ length: jobs }, worker));
    await Promise.all(unprobed);
    return { seen, from };
  }

  /**
   * What a pause of the search saw. Each failure of a known signature is a hit. Of the others, in index order,
   * each is replayed alone and shrunk, and booked under its shrunk signature; before them, the `jobs` runs before
   * the first of them: a crash is so named after the input that caused it, not a neighbour that saw it, and a
   * failure that needs the server's timing as a case alone gets it (e.g. its reads splitting the octets as they
   * were sent) may have passed among the load of others. A failure that does not repeat alone, when another of
   * the same pause did, is taken for a consequence of that one and not counted.
   */
  async function triage(seen: Map<number, Failure<I, D>>, from: number): Promise<void> {
    const fresh = [...seen.keys()].sort((a, b) => a - b).filter((index) => !book.hit(seen.get(index)!));
    if (fresh.length === 0) return;
    const step = options.shard?.count ?? 1;
    const neighbours =
      jobs > 1
        ? Array.from({ length: jobs }, (_, i) => fresh[0]! - step * (jobs - i)).filter((i) => i >= from)
        : [];
    let made = false;
    for (const index of [...neighbours, ...fresh]) {
      if (interrupted()) break;
      const asSeen = seen.get(index);
      // A finding made in this pause may already name it.
      if (asSeen && made && book.hit(asSeen)) continue;
      const shrunk = await shrinkAlone(index, alone);
      if (!shrunk) continue;
      book.add(shrunk.failure, { path: String(index), shrinks: shrunk.steps }, asSeen);
      made = true;
      if (options.stopOnFirst) return;
    }
    if (made) return;
    // None failed again alone, or the campaign was interrupted before one did: the failure as it was seen (a
    // loss that could not be reproduced keeps its input).
    const index = fresh[0]!;
    book.add(seen.get(index)!, {
      path: String(index),
      shrinks: 0,
      ...(interrupted() ? { unconfirmed: true as const } : jobs > 1 ? { onlyConcurrent: jobs } : {}),
    });
  }

  for (;;) {
    const { seen, from } = await search();
    if (seen.size === 0) break;
    await triage(seen, from);
    counted();
    options.onProgress?.(stats);
    if ((options.stopOnFirst && book.findings.length > 0) || gone || interrupted()) break;
  }
  const findings = book.findings.map((f) => ({ ...f }));
  return {
    stats,
    seed: options.seed,
    findings,
    ...(findings[0] ? { finding: findings[0] } : {}),
    ...(gone ? { targetGone: true } : {}),
    ...(interrupted() ? { interrupted: true as const } : {}),
  };
}
