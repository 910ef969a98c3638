interface Arrival {
  /** Absolute stream offset just past the last byte of the chunk. */
  end: number;
  at: number;
}

/** Small enough to come from Node's shared pool: most connections receive a few dozen octets. */
const MIN_CAPACITY = 512;

/**
 * The received bytes not yet consumed, with the time each chunk arrived.
 *
 * Bytes once written are never overwritten: a view handed out by `view()` (and any decoded value that slices it)
 * stays valid after later pushes and consumes, because room is made by moving to a fresh buffer, never by reuse.
 */
export class ByteQueue {
  #buffer = Buffer.alloc(0);
  #start = 0;
  #end = 0;
  #consumedTotal = 0;
  #arrivals: Arrival[] = [];
  #arrivalHead = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  push(chunk: Uint8Array, at: number): void {
    if (chunk.length === 0) return;
    if (this.#buffer.length - this.#end < chunk.length) this.#moveToLargerBuffer(chunk.length);
    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
    this.#arrivals.push({ end: this.#consumedTotal + this.length, at });
  }

  view(): Buffer {
    return this.#buffer.subarray(this.#start, this.#end);
  }

  /** A copy of the first `n` buffered bytes (all of them by default). */
  copy(n = this.length): Buffer {
    return Buffer.copyBytesFrom(this.#buffer, this.#start, Math.min(n, this.length));
  }

  consume(n: number): void {
    const count = Math.max(0, Math.min(n, this.length));
    this.#start += count;
    this.#consumedTotal += count;
    while (
      this.#arrivalHead < this.#arrivals.length &&
      this.#arrivalAt(this.#arrivalHead).end <= this.#consumedTotal
    ) {
      this.#arrivalHead++;
    }
    if (this.#arrivalHead > 1024 && this.#arrivalHead * 2 > this.#arrivals.length) {
      this.#arrivals = this.#arrivals.slice(this.#arrivalHead);
      this.#arrivalHead = 0;
    }
  }

  /** When the chunk holding the `n`th buffered byte (1-based) arrived; undefined when nothing is buffered. */
  arrivalOf(n: number): number | undefined {
    if (this.length === 0) return undefined;
    const target = this.#consumedTotal + Math.max(1, Math.min(n, this.length));
    for (let i = this.#arrivalHead; i < this.#arrivals.length; i++) {
      const arrival = this.#arrivalAt(i);
      if (arrival.end >= target) return arrival.at;
    }
    return undefined;
  }

  #arrivalAt(index: number): Arrival {
    return this.#arrivals[index]!;
  }

  #moveToLargerBuffer(incoming: number): void {
    const live = this.length;
    const next = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, (live + incoming) * 2));
    this.#buffer.copy(next, 0, this.#start, this.#end);
    this.#buffer = next;
    this.#start = 0;
    this.#end = live;
  }
}
