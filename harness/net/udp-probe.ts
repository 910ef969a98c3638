import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { type Endpoint, formatEndpoint } from './endpoint.js';
import { errorCode, errorMessage } from './socket-error.js';
import { clampDelay, deadline } from './timers.js';
import { roundToTenth, type Trace } from './trace.js';

export interface UdpOpenOptions {
  trace: Trace;
  /** The socket's name in the trace, e.g. `u1`. */
  conn: string;
  family: 4 | 6;
  /** Address to bind; by default every address of the family. */
  localAddress?: string;
  /** Datagrams held unread at most (default 256); later ones are dropped and counted. */
  maxQueue?: number;
  /** How long a send may take before it is reported as failed (default 5000 ms). */
  sendTimeoutMs?: number;
}

export interface ReceivedDatagram {
  bytes: Buffer;
  from: { address: string; port: number };
  at: number;
}

export type ReceiveResult = ({ kind: 'datagram' } & ReceivedDatagram) | { kind: 'timeout'; waitedMs: number };

export type UdpSendResult = { ok: true } | { ok: false; code: string; message: string };

const DEFAULT_MAX_QUEUE = 256;
const DEFAULT_SEND_TIMEOUT_MS = 5000;

/** Binds a UDP socket. Rejects only when the local bind fails (e.g. no IPv6 on this host). */
export function openUdp(opts: UdpOpenOptions): Promise<UdpProbe> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: opts.family === 6 ? 'udp6' : 'udp4' });
    const onError = (error: unknown) => {
      try {
        socket.close();
      } catch {
        // Not bound: nothing to close.
      }
      const where = opts.localAddress ?? `any IPv${opts.family} address`;
      reject(
        Object.assign(new Error(`cannot bind UDP on ${where}: ${errorMessage(error)}`), {
          code: errorCode(error),
        }),
      );
    };
    socket.once('error', onError);
    socket.bind({ port: 0, address: opts.localAddress }, () => {
      socket.off('error', onError);
      resolve(new UdpProbe(socket, opts));
    });
  });
}

/** One local UDP socket: sends datagrams and receives them with a deadline, recording both in the trace. */
export class UdpProbe {
  readonly #socket: dgram.Socket;
  readonly #trace: Trace;
  readonly #conn: string;
  readonly #maxQueue: number;
  readonly #sendTimeoutMs: number;
  readonly #local: Endpoint;
  readonly #queue: ReceivedDatagram[] = [];
  #dropped = 0;
  #closed = false;
  #waiter: { wake(): void; cancel(): void } | null = null;

  /** Takes over a bound socket; use `openUdp` rather than calling this directly. */
  constructor(socket: dgram.Socket, opts: UdpOpenOptions) {
    this.#socket = socket;
    this.#trace = opts.trace;
    this.#conn = opts.conn;
    this.#maxQueue = Math.max(1, opts.maxQueue ?? DEFAULT_MAX_QUEUE);
    this.#sendTimeoutMs = opts.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    const bound = socket.address();
    this.#local = { host: bound.address, port: bound.port };
    this.#note(`udp bound ${formatEndpoint(this.#local)}`);
    socket.on('message', this.#onMessage);
    socket.on('error', (error) => this.#note(`udp socket error: ${errorCode(error)}`));
  }

  /** Datagrams dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  address(): Endpoint {
    return { ...this.#local };
  }

  /** Sends one datagram. A failure (bad port, unreachable) is a result, never an exception. */
  send(bytes: Uint8Array, host: string, port: number): Promise<UdpSendResult> {
    const peer = formatEndpoint({ host, port });
    const payload = Buffer.from(bytes);
    const at = this.#trace.now();
    if (this.#closed) {
      return Promise.resolve(this.#sendFailed(peer, 'ERR_SOCKET_DGRAM_NOT_RUNNING', 'socket closed'));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(this.#sendFailed(peer, 'ETIMEDOUT', `send not completed within ${this.#sendTimeoutMs} ms`));
      }, clampDelay(this.#sendTimeoutMs));
      const done = (error: unknown) => {
        clearTimeout(timer);
        if (error) {
          resolve(this.#sendFailed(peer, errorCode(error), errorMessage(error)));
          return;
        }
        this.#trace.record({ type: 'datagram', conn: this.#conn, dir: 'sent', bytes: payload, peer, at });
        resolve({ ok: true });
      };
      try {
        this.#socket.send(payload, port, host, done);
      } catch (error) {
        done(error);
      }
    });
  }

  /**
   * The first queued datagram that `filter` accepts (any, by default), waiting up to `timeoutMs` for one.
   * Datagrams the filter rejects stay queued for later receives.
   */
  receive(timeoutMs: number, filter?: (d: ReceivedDatagram) => boolean): Promise<ReceiveResult> {
    if (this.#closed) return Promise.reject(new Error(`${this.#conn}: the UDP probe is closed`));
    if (this.#waiter !== null) {
      return Promise.reject(new Error(`${this.#conn}: another receive is already waiting`));
    }
    const take = (): ReceiveResult | undefined => {
      const index = this.#queue.findIndex((d) => accepts(filter, d));
      if (index < 0) return undefined;
      const [datagram] = this.#queue.splice(index, 1);
      return { kind: 'datagram', ...datagram! };
    };
    const immediate = take();
    if (immediate !== undefined) return Promise.resolve(immediate);
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: ReceiveResult) => {
        if (settled) return;
        settled = true;
        timer.clear();
        this.#waiter = null;
        resolve(result);
      };
      const expire = () => {
        if (settled) return;
        const waitedMs = roundToTenth(performance.now() - started);
        if (!this.#closed) this.#trace.record({ type: 'silence', conn: this.#conn, waitedMs });
        finish({ kind: 'timeout', waitedMs });
      };
      const timer = deadline(timeoutMs, expire);
      this.#waiter = {
        wake: () => {
          const result = take();
          if (result !== undefined) finish(result);
        },
        cancel: expire,
      };
    });
  }

  /** Closes the socket; a receive in progress ends as a timeout. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#waiter?.cancel();
    return new Promise((resolve) => {
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  #sendFailed(peer: string, code: string, message: string): UdpSendResult {
    this.#note(`datagram to ${peer} not sent: ${code}`);
    return { ok: false, code, message };
  }

  #note(text: string): void {
    this.#trace.record({ type: 'note', conn: this.#conn, text });
  }

  readonly #onMessage = (message: Buffer, remote: dgram.RemoteInfo): void => {
    const at = this.#trace.now();
    const from = { address: remote.address, port: remote.port };
    this.#trace.record({
      type: 'datagram',
      conn: this.#conn,
      dir: 'received',
      bytes: message,
      peer: formatEndpoint({ host: from.address, port: from.port }),
      at,
    });
    if (this.#queue.length >= this.#maxQueue) {
      if (this.#dropped === 0) this.#note(`receive queue full (${this.#maxQueue}): later datagrams dropped`);
      this.#dropped++;
      return;
    }
    this.#queue.push({ bytes: message, from, at });
    this.#waiter?.wake();
  };
}

function accepts(
  filter: ((d: ReceivedDatagram) => boolean) | undefined,
  datagram: ReceivedDatagram,
): boolean {
  if (filter === undefined) return true;
  try {
    return filter(datagram);
  } catch {
    return false;
  }
}
