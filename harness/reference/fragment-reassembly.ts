/**
 * RFC 1928 §7 fragment reassembly for one UDP association: FRAG 1..127 is the position in the sequence, the
 * high bit marks its last fragment. "The reassembly queue and the reassembly timer are reset whenever the
 * reassembly timer expires, or a new datagram arrives carrying a FRAG field whose value is less than the
 * highest FRAG value processed for this fragment sequence." The timer starts with the sequence's first fragment.
 */

export const END_OF_SEQUENCE = 0x80;
const POSITION_MASK = 0x7f;

export interface Fragment<D> {
  /** The FRAG octet: 1..127, with the high bit on the last fragment. */
  readonly frag: number;
  readonly data: Buffer;
  /** What the caller needs to forward the whole datagram (its destination); taken from the first fragment. */
  readonly destination: D;
}

export interface Reassembled<D> {
  readonly data: Buffer;
  readonly destination: D;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const nodeTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ReassemblyOptions {
  /** The reassembly timer; RFC 1928 §7 demands at least 5 s. */
  readonly timeoutMs: number;
  /** Octets a sequence may hold; a sequence that grows beyond it is discarded. */
  readonly maxBytes: number;
  /**
   * Fault: a FRAG lower than the highest seen neither resets the queue nor replaces anything; the fragments are
   * joined in arrival order up to the end of the sequence.
   */
  readonly appendLower?: boolean;
  readonly timers?: Timers;
}

/** The queue of one association: `push` returns the whole datagram when a sequence completes. */
export class ReassemblyQueue<D> {
  #fragments: Fragment<D>[] = [];
  #highest = 0;
  #bytes = 0;
  #timer: unknown;
  readonly #options: ReassemblyOptions;
  readonly #timers: Timers;

  constructor(options: ReassemblyOptions) {
    this.#options = options;
    this.#timers = options.timers ?? nodeTimers;
  }

  /** Fragments waiting for the rest of their sequence. */
  get pending(): number {
    return this.#fragments.length;
  }

  /** A standalone datagram (FRAG 0) is lower than any position: it resets a sequence in progress. */
  standalone(): void {
    if (this.#fragments.length > 0) this.reset();
  }

  push(fragment: Fragment<D>): Reassembled<D> | undefined {
    const position = fragment.frag & POSITION_MASK;
    if (position === 0) {
      this.standalone();
      return undefined;
    }
    if (position < this.#highest && !this.#options.appendLower) this.reset();
    if (this.#fragments.length === 0) this.#startTimer();
    this.#fragments.push(fragment);
    this.#highest = Math.max(this.#highest, position);
    this.#bytes += fragment.data.length;
    if (this.#bytes > this.#options.maxBytes) {
      this.reset();
      return undefined;
    }
    if ((fragment.frag & END_OF_SEQUENCE) === 0) return undefined;
    const whole = this.#complete();
    this.reset();
    return whole;
  }

  reset(): void {
    this.#timers.clear(this.#timer);
    this.#timer = undefined;
    this.#fragments = [];
    this.#highest = 0;
    this.#bytes = 0;
  }

  /** The sequence joined, when it holds positions 1..n exactly once each (a later duplicate replaces). */
  #complete(): Reassembled<D> | undefined {
    const first = this.#fragments[0];
    if (first === undefined) return undefined;
    if (this.#options.appendLower) {
      return { data: Buffer.concat(this.#fragments.map((f) => f.data)), destination: first.destination };
    }
    const byPosition = new Map<number, Fragment<D>>();
    for (const fragment of this.#fragments) byPosition.set(fragment.frag & POSITION_MASK, fragment);
    const ordered: Fragment<D>[] = [];
    for (let position = 1; position <= this.#highest; position++) {
      const fragment = byPosition.get(position);
      if (fragment === undefined) return undefined;
      ordered.push(fragment);
    }
    return { data: Buffer.concat(ordered.map((f) => f.data)), destination: ordered[0]!.destination };
  }

  #startTimer(): void {
    this.#timers.clear(this.#timer);
    this.#timer = this.#timers.set(() => this.reset(), this.#options.timeoutMs);
  }
}
