/** Reply times kept: the threshold follows the target's recent behaviour, not the whole run's. */
const KEPT = 64;

/**
 * How long the target has lately taken to answer: from the last octet a case sent to the first the target sent
 * back, on any connection of any case. A target that slows (or a host that does: the times include this process's
 * own delays) raises the median.
 */
export class ReplyTimes {
  readonly #samples = new Float64Array(KEPT);
  #count = 0;
  #next = 0;

  add(ms: number): void {
    this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % KEPT;
    this.#count = Math.min(this.#count + 1, KEPT);
  }

  /** The median of the times kept; undefined before the target has answered anything. */
  median(): number | undefined {
    if (this.#count === 0) return undefined;
    const sorted = this.#samples.slice(0, this.#count).sort();
    return sorted[Math.floor(this.#count / 2)];
  }
}
