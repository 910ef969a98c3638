import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Decoder } from '../wire/decode-result.js';
import { BoundedBytes } from './bounded-bytes.js';
import { anyBytes, fixedLength } from './byte-decoders.js';
import { ByteQueue } from './byte-queue.js';
import { formatEndpoint } from './endpoint.js';
import { safeDecode } from './safe-decode.js';
import { type Segmentation, segmentLengths } from './segmentation.js';
import { errorCode, errorMessage } from './socket-error.js';
import type { CloseResult, ReadResult, SilenceResult, TcpProbeState } from './tcp-results.js';
import { clampDelay, deadline, sleep } from './timers.js';
import { roundToTenth, type Trace } from './trace.js';

export type { Segmentation } from './segmentation.js';
export type { CloseResult, ReadResult, SilenceResult, TcpProbeState } from './tcp-results.js';

export interface TcpOpenOptions {
  trace: Trace;
  /** The connection's name in the trace, e.g. `c1`. */
  conn: string;
  connectTimeoutMs: number;
  localAddress?: string;
  /** Unread received bytes held at most (default 64 KiB: a SOCKS message is at most 262 octets); beyond it the socket is paused and reads report overflow. */
  maxBuffer?: number;
  /** Pause between the writes of a split send, so they leave as separate TCP segments (default 2 ms). */
  gapMs?: number;
  /**
   * The pause after a split send's first write and before its last, where a server that takes each read as one
   * message breaks (default: `gapMs`). Longer than `gapMs`, it lets a server's late reading thread read the first
   * and last octets alone without slowing every octet of the send.
   */
  holdMs?: number;
  /** How long one write may wait for the peer to take its bytes before the send gives up (default 5000 ms). */
  sendTimeoutMs?: number;
}

export type TcpOpenResult = { ok: true; probe: TcpProbe } | { ok: false; code: string; message: string };

const DEFAULT_MAX_BUFFER = 64 * 1024;
const DEFAULT_GAP_MS = 2;
const DEFAULT_SEND_TIMEOUT_MS = 5000;

function ignoreError(): void {}

/** Connects to `host:port`. Failure to connect is a result, never an exception. */
export function openTcp(host: string, port: number, opts: TcpOpenOptions): Promise<TcpOpenResult> {
  const { trace, conn } = opts;
  const remote = formatEndpoint({ host, port });
  return new Promise((resolve) => {
    const fail = (code: string, message: string) => {
      trace.record({ type: 'connect-failed', conn, remote, code });
      resolve({ ok: false, code, message });
    };
    let socket: net.Socket;
    try {
      socket = net.connect({ host, port, localAddress: opts.localAddress, allowHalfOpen: true });
    } catch (error) {
      fail(errorCode(error), errorMessage(error));
      return;
    }
    const settle = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    const onConnect = () => {
      settle();
      socket.setNoDelay(true);
      // An IPv4 literal is the address the socket reports: no need to ask the kernel for it.
      const remote = net.isIPv4(host) ? { address: host, port } : undefined;
      resolve({ ok: true, probe: new TcpProbe(socket, { ...opts, ...(remote ? { remote } : {}) }) });
    };
    const onError = (error: unknown) => {
      settle();
      socket.on('error', ignoreError);
      socket.destroy();
      fail(errorCode(error), errorMessage(error));
    };
    const timer = setTimeout(() => {
      settle();
      socket.on('error', ignoreError);
      socket.destroy();
      fail('ETIMEDOUT', `no connection to ${remote} within ${opts.connectTimeoutMs} ms`);
    }, clampDelay(opts.connectTimeoutMs));
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

interface PendingWait {
  wake(): void;
  cancel(): void;
}

/**
 * One TCP connection to a peer under test. Every wait has a deadline, every byte and event goes to the trace,
 * and whatever the peer does comes back as a typed result.
 */
export class TcpProbe {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly #socket: net.Socket;
  readonly #trace: Trace;
  readonly #conn: string;
  readonly #maxBuffer: number;
  readonly #gapMs: number;
  readonly #holdMs: number;
  readonly #sendTimeoutMs: number;
  readonly #queue = new ByteQueue();
  #state: TcpProbeState = 'open';
  #closedAt = 0;
  #paused = false;
  #writeEnded = false;
  /** Writes handed to the socket whose callback has not come yet. */
  #writesUnconfirmed = 0;
  #pending: PendingWait | null = null;
  /** Set while `awaitClose` waits: where received data goes instead of the queue. */
  #discardInto: BoundedBytes | null = null;

  /** Takes over a connected socket; use `openTcp` rather than calling this directly. */
  constructor(
    socket: net.Socket,
    opts: Pick<TcpOpenOptions, 'trace' | 'conn' | 'maxBuffer' | 'gapMs' | 'holdMs' | 'sendTimeoutMs'> & {
      /** The peer's address when the caller knows it. */
      readonly remote?: { readonly address: string; readonly port: number };
    },
  ) {
    this.#socket = socket;
    this.#trace = opts.trace;
    this.#conn = opts.conn;
    this.#maxBuffer = Math.max(1, opts.maxBuffer ?? DEFAULT_MAX_BUFFER);
    this.#gapMs = opts.gapMs ?? DEFAULT_GAP_MS;
    this.#holdMs = opts.holdMs ?? this.#gapMs;
    this.#sendTimeoutMs = opts.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    this.remoteAddress = opts.remote?.address ?? socket.remoteAddress ?? '';
    this.remotePort = opts.remote?.port ?? socket.remotePort ?? 0;
    this.#trace.record({
      type: 'connect',
      conn: this.#conn,
      local: formatEndpoint({ host: this.localAddress, port: this.localPort }),
      remote: formatEndpoint({ host: this.remoteAddress, port: this.remotePort }),
    });
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  get state(): TcpProbeState {
    return this.#state;
  }

  /** Sends `bytes` cut into writes as `how` says, pausing between writes (`gapMs`, `holdMs`). Never throws. */
  async send(bytes: Uint8Array, how: Segmentation = 'whole'): Promise<void> {
    let offset = 0;
    const lengths = segmentLengths(bytes.length, how);
    for (const [index, length] of lengths.entries()) {
      if (index > 0) await sleep(index === 1 || index === lengths.length - 1 ? this.#holdMs : this.#gapMs);
      const refusal = this.#whyNotWritable();
      if (refusal !== undefined) {
        this.#note(`send of ${bytes.length - offset} bytes skipped: ${refusal}`);
        return;
      }
      const chunk = bytes.subarray(offset, offset + length);
      offset += length;
      this.#trace.record({ type: 'data', conn: this.#conn, dir: 'sent', bytes: chunk });
      const taking = this.#write(chunk);
      if (taking) await taking;
    }
  }

  /**
   * Runs `decode` over the received bytes, waiting for more until it decodes or finds them malformed, the peer
   * closes, too much arrives, or `timeoutMs` passes. A decoded message's bytes are consumed and the rest stays
   * buffered; malformed, closed and overflow consume everything buffered; timeout consumes nothing.
   */
  read<T>(decode: Decoder<T>, timeoutMs: number): Promise<ReadResult<T>> {
    return this.#wait(
      timeoutMs,
      () => this.#tryRead(decode),
      (waitedMs): ReadResult<T> => {
        const bytes = this.#queue.copy();
        if (this.#state === 'destroyed') return { kind: 'timeout', bytes, waitedMs };
        if (bytes.length === 0) this.#trace.record({ type: 'silence', conn: this.#conn, waitedMs });
        else
          this.#note(
            `read deadline passed after ${waitedMs}ms with ${bytes.length} bytes of an incomplete message`,
          );
        return { kind: 'timeout', bytes, waitedMs };
      },
    );
  }

  /** Reads exactly `n` bytes. */
  readBytes(n: number, timeoutMs: number): Promise<ReadResult<Buffer>> {
    return this.read(fixedLength(n), timeoutMs);
  }

  /** Reads whatever arrives first. */
  readAvailable(timeoutMs: number): Promise<ReadResult<Buffer>> {
    return this.read(anyBytes, timeoutMs);
  }

  /** Expects nothing for `ms`. Bytes already buffered count as data; a close ends the wait early. */
  expectSilence(ms: number): Promise<SilenceResult> {
    return this.#wait(
      ms,
      (): SilenceResult | undefined => {
        if (this.#queue.length > 0) {
          const at = this.#queue.arrivalOf(1) ?? this.#trace.now();
          return { kind: 'data', bytes: this.#takeAll(), at };
        }
        const how = this.#closedHow();
        if (how !== undefined) return { kind: 'closed', how, bytes: Buffer.alloc(0), at: this.#closedAt };
        return undefined;
      },
      (waitedMs): SilenceResult => {
        if (this.#state !== 'destroyed') this.#trace.record({ type: 'silence', conn: this.#conn, waitedMs });
        return { kind: 'silence' };
      },
    );
  }

  /**
   * Waits up to `timeoutMs` (from now) for the peer to end the connection, discarding what arrives meanwhile.
   * `afterMs` is measured from `since` (a `trace.now()` reading, e.g. a reply's `at`) or else from the call.
   */
  awaitClose(timeoutMs: number, since?: number): Promise<CloseResult> {
    const from = since ?? this.#trace.now();
    const discarded = new BoundedBytes(this.#maxBuffer);
    const settled = <R>(result: R): R => {
      this.#discardInto = null;
      return result;
    };
    const otherWait = this.#pending;
    const waiting = this.#wait(
      timeoutMs,
      (): CloseResult | undefined => {
        if (this.#queue.length > 0) discarded.add(this.#takeAll());
        const how = this.#closedHow();
        if (how === undefined) return undefined;
        const afterMs = Math.max(0, roundToTenth(this.#closedAt - from));
        return settled({
          kind: 'closed',
          how,
          afterMs,
          bytes: discarded.bytes(),
          droppedBytes: discarded.dropped,
        });
      },
      (waitedMs): CloseResult =>
        settled({ kind: 'open', waitedMs, bytes: discarded.bytes(), droppedBytes: discarded.dropped }),
    );
    // While the wait lasts, arriving data goes straight to `discarded`: a peer that floods costs no copies.
    if (otherWait === null && this.#pending !== null) this.#discardInto = discarded;
    return waiting;
  }

  /** Half-closes: sends FIN after any queued writes. Reading goes on. */
  endWrite(): void {
    if (this.#whyNotWritable() !== undefined) return;
    this.#writeEnded = true;
    this.#trace.record({ type: 'fin', conn: this.#conn, dir: 'sent' });
    this.#socket.end();
  }

  /** Closes the connection at once and ends any wait in progress as if its deadline had passed. */
  destroy(): void {
    if (this.#state === 'destroyed') return;
    if (this.#state !== 'reset') this.#note('connection closed by the harness');
    this.#state = 'destroyed';
    // A write the kernel took in this same turn still has its callback to come: the socket goes right after it,
    // since Node builds an error (with its stack) for a stream destroyed in between.
    if (this.#writesUnconfirmed > 0) process.nextTick(() => this.#socket.destroy());
    else this.#socket.destroy();
    this.#pending?.cancel();
  }

  #wait<R>(timeoutMs: number, attempt: () => R | undefined, onDeadline: (waitedMs: number) => R): Promise<R> {
    if (this.#state === 'destroyed') {
      return Promise.reject(new Error(`${this.#conn}: the probe was destroyed`));
    }
    if (this.#pending !== null) {
      return Promise.reject(new Error(`${this.#conn}: another read is already waiting on this connection`));
    }
    const immediate = attempt();
    if (immediate !== undefined) return Promise.resolve(immediate);
    const started = performance.now();
    return new Promise<R>((resolve) => {
      let settled = false;
      const finish = (result: R) => {
        if (settled) return;
        settled = true;
        timer.clear();
        this.#pending = null;
        resolve(result);
      };
      const expire = () => {
        if (!settled) finish(onDeadline(roundToTenth(performance.now() - started)));
      };
      const timer = deadline(timeoutMs, expire);
      this.#pending = {
        wake: () => {
          const result = attempt();
          if (result !== undefined) finish(result);
        },
        cancel: expire,
      };
    });
  }

  #tryRead<T>(decode: Decoder<T>): ReadResult<T> | undefined {
    const result = safeDecode(decode, this.#queue.view());
    if (result.kind === 'decoded') {
      const at = this.#queue.arrivalOf(result.length) ?? this.#trace.now();
      const bytes = this.#queue.copy(result.length);
      this.#take(result.length);
      return { kind: 'decoded', value: result.value, bytes, at };
    }
    if (result.kind === 'malformed') {
      const at = this.#queue.arrivalOf(this.#queue.length) ?? this.#trace.now();
      return { kind: 'malformed', reason: result.reason, bytes: this.#takeAll(), at };
    }
    const how = this.#closedHow();
    if (how !== undefined) return { kind: 'closed', how, bytes: this.#takeAll(), at: this.#closedAt };
    if (this.#queue.length >= this.#maxBuffer) {
      const at = this.#trace.now();
      this.#trace.record({ type: 'overflow', conn: this.#conn, limit: this.#maxBuffer, at });
      return { kind: 'overflow', bytes: this.#takeAll(), at };
    }
    return undefined;
  }

  #take(n: number): void {
    this.#queue.consume(n);
    if (this.#paused && this.#queue.length < this.#maxBuffer && this.#state !== 'destroyed') {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #takeAll(): Buffer {
    const bytes = this.#queue.copy();
    this.#take(bytes.length);
    return bytes;
  }

  #closedHow(): 'fin' | 'rst' | undefined {
    if (this.#state === 'fin-received') return 'fin';
    if (this.#state === 'reset') return 'rst';
    return undefined;
  }

  #whyNotWritable(): string | undefined {
    if (this.#state === 'reset') return 'the connection was reset';
    if (this.#state === 'destroyed') return 'the probe was destroyed';
    if (this.#writeEnded) return 'the write side is already closed';
    return undefined;
  }

  /**
   * Hands `chunk` to the socket; while the peer has not taken it (it stays in the socket's buffer), a wait of at
   * most `sendTimeoutMs` for it. A write the kernel took at once needs no wait, nor a timer.
   */
  #write(chunk: Uint8Array): Promise<void> | undefined {
    let taken = false;
    let onTaken: (() => void) | undefined;
    this.#writesUnconfirmed += 1;
    try {
      this.#socket.write(chunk, () => {
        taken = true;
        this.#writesUnconfirmed -= 1;
        onTaken?.();
      });
    } catch {
      this.#writesUnconfirmed -= 1;
      return undefined;
    }
    if (taken || this.#socket.writableLength === 0) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#note(`write of ${chunk.length} bytes not taken by the peer within ${this.#sendTimeoutMs}ms`);
        resolve();
      }, clampDelay(this.#sendTimeoutMs));
      onTaken = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #note(text: string): void {
    this.#trace.record({ type: 'note', conn: this.#conn, text });
  }

  #markClosed(state: 'fin-received' | 'reset'): void {
    if (this.#state === 'open') this.#closedAt = this.#trace.now();
    this.#state = state;
    this.#pending?.wake();
  }

  readonly #onData = (chunk: Buffer): void => {
    const at = this.#trace.now();
    this.#trace.record({ type: 'data', conn: this.#conn, dir: 'received', bytes: chunk, at });
    if (this.#discardInto !== null) {
      this.#discardInto.add(chunk);
      return;
    }
    this.#queue.push(chunk, at);
    if (!this.#paused && this.#queue.length >= this.#maxBuffer) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#pending?.wake();
  };

  readonly #onEnd = (): void => {
    if (this.#state !== 'open') return;
    this.#trace.record({ type: 'fin', conn: this.#conn, dir: 'received' });
    this.#markClosed('fin-received');
  };

  readonly #onError = (error: unknown): void => {
    if (this.#state === 'destroyed' || this.#state === 'reset') return;
    const code = errorCode(error);
    if (code === 'ECONNRESET' || code === 'EPIPE') this.#trace.record({ type: 'rst', conn: this.#conn });
    else this.#note(`connection failed: ${code} (treated as reset)`);
    this.#markClosed('reset');
  };

  readonly #onClose = (): void => {
    if (this.#state !== 'open') return;
    this.#note('connection closed without FIN or error (treated as reset)');
    this.#markClosed('reset');
  };
}
