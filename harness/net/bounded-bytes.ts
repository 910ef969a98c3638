/** Bytes kept up to a limit; beyond it only counted. */
export class BoundedBytes {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: Buffer): void {
    const room = Math.max(0, this.#limit - this.#kept);
    if (room > 0) this.#chunks.push(chunk.subarray(0, room));
    this.#kept += Math.min(room, chunk.length);
    this.dropped += Math.max(0, chunk.length - room);
  }

  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
