/**
 * The distinct findings of a campaign, keyed by signature: a failure whose signature is known is a hit of that
 * finding, counted and never shrunk again. A finding is known by the signature of its shrunk input and by the
 * signature of each unshrunk input that shrank to it, so a later input of the same shape is a hit at once.
 */
import type { Failure } from './shrink-alone.js';

/** What a campaign could not establish about a finding (see `CampaignFinding`). */
export interface FindingCaveats {
  readonly onlyConcurrent?: number;
  readonly unconfirmed?: true;
}

export interface BookedFinding<I, D> extends Failure<I, D>, FindingCaveats {
  readonly signature: string;
  /** fast-check's replay path of the run that was shrunk to it. */
  readonly path: string;
  readonly shrinks: number;
  /** Search inputs that hit it: the one shrunk, and each later one of a known signature. */
  hits: number;
}

export class FindingBook<I, D> {
  readonly findings: BookedFinding<I, D>[] = [];
  readonly #bySignature = new Map<string, BookedFinding<I, D>>();

  constructor(readonly signatureOf: (failure: Failure<I, D>) => string) {}

  get hits(): number {
    return this.findings.reduce((sum, f) => sum + f.hits, 0);
  }

  /** Counts a failure as a hit of the finding its signature names; false if none does. */
  hit(failure: Failure<I, D>): boolean {
    const known = this.#bySignature.get(this.signatureOf(failure));
    if (known) known.hits += 1;
    return known !== undefined;
  }

  /**
   * Books a failure (shrunk, or as seen): a hit if its signature is known, else a new finding. `seen` is the
   * failure as the search saw it, whose signature then names the same finding.
   */
  add(
    failure: Failure<I, D>,
    how: { readonly path: string; readonly shrinks: number } & FindingCaveats,
    seen?: Failure<I, D>,
  ): BookedFinding<I, D> {
    const signature = this.signatureOf(failure);
    let finding = this.#bySignature.get(signature);
    if (finding) finding.hits += 1;
    else {
      finding = { ...failure, ...how, signature, hits: 1 };
      this.findings.push(finding);
      this.#bySignature.set(signature, finding);
    }
    if (seen) {
      const alias = this.signatureOf(seen);
      if (!this.#bySignature.has(alias)) this.#bySignature.set(alias, finding);
    }
    return finding;
  }
}
