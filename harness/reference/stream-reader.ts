import type net from 'node:net';

/** Exact-length reads over a socket, for a client that must read each message to its full length. */
export class StreamReader {
  readonly #socket: net.Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('error', (error) => {
      this.#failure = error;
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake?.();
    });
  }

  /** Exactly `n` octets; rejects if the stream ends first. */
  async read(n: number): Promise<Buffer> {
    await this.#until(() => this.#buffer.length >= n);
    if (this.#buffer.length < n)
      throw new Error(`the proxy closed after ${this.#buffer.length} of ${n} octets`);
    const bytes = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return bytes;
  }

  /** Whatever one arrival brings (a client that trusts one recv() per message). */
  async readSome(): Promise<Buffer> {
    await this.#until(() => this.#buffer.length > 0);
    const bytes = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    return bytes;
  }

  /** Drops what has arrived but not been read (a client that read through a buffer and threw the buffer away). */
  discard(): void {
    this.#buffer = Buffer.alloc(0);
  }

  /** Everything up to the end of the stream, at most `limit` octets. */
  async readToEnd(limit: number): Promise<Buffer> {
    await this.#until(() => this.#buffer.length >= limit);
    const bytes = this.#buffer.subarray(0, limit);
    this.#buffer = Buffer.alloc(0);
    return bytes;
  }

  async #until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.#failure) throw this.#failure;
      if (this.#ended || this.#socket.destroyed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
