import { performance } from 'node:perf_hooks';

export type Direction = 'sent' | 'received';

export type TraceEvent =
  | { type: 'connect'; at: number; conn: string; local: string; remote: string }
  | { type: 'connect-failed'; at: number; conn: string; remote: string; code: string }
  | { type: 'data'; at: number; conn: string; dir: Direction; bytes: Buffer }
  /** 'received': the peer sent FIN; 'sent': we half-closed. */
  | { type: 'fin'; at: number; conn: string; dir: Direction }
  /** The peer reset the connection (ECONNRESET, EPIPE). */
  | { type: 'rst'; at: number; conn: string }
  /** A read deadline passed with nothing received. */
  | { type: 'silence'; at: number; conn: string; waitedMs: number }
  | { type: 'overflow'; at: number; conn: string; limit: number }
  | { type: 'datagram'; at: number; conn: string; dir: Direction; bytes: Buffer; peer: string }
  | { type: 'note'; at: number; conn: string; text: string };

type AsGiven<E> = E extends { bytes: Buffer }
  ? Omit<E, 'at' | 'bytes'> & { at?: number; bytes: Uint8Array }
  : E extends unknown
    ? Omit<E, 'at'> & { at?: number }
    : never;

/**
 * An event as given to `record`: `at` is filled in with the current trace time unless given; data bytes may be
 * any view, since the trace keeps a copy of them.
 */
export type TraceEventInput = AsGiven<TraceEvent>;

export interface OmittedBytes {
  conn: string;
  dir: Direction;
  bytes: number;
}

/** Data bytes kept per connection per direction; beyond this only a count is kept. */
export const TRACE_BYTES_PER_DIRECTION = 16 * 1024;

export function roundToTenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * A per-case record of timestamped events across several connections. `at` is milliseconds since the trace was
 * created, rounded to 0.1 ms.
 */
export class Trace {
  readonly #origin = performance.now();
  readonly #events: TraceEvent[] = [];
  /** Data bytes kept so far, per connection and direction. */
  readonly #kept = new Map<string, Record<Direction, number>>();
  readonly #omitted = new Map<string, OmittedBytes>();
  /** Told of every event as it is recorded (one observer: the scheduler's watch on its case). */
  observer: ((event: TraceEvent, monotonicMs: number) => void) | undefined;

  get events(): readonly TraceEvent[] {
    return this.#events;
  }

  /** Current trace time in milliseconds, rounded to 0.1 ms. */
  now(): number {
    return roundToTenth(performance.now() - this.#origin);
  }

  /** Converts a `performance.now()` reading (e.g. one taken by the echo network) to trace time. */
  fromMonotonic(monotonicMs: number): number {
    return roundToTenth(monotonicMs - this.#origin);
  }

  /**
   * Adds an event. The object given becomes the trace's own (with `at` filled in and a data event's bytes
   * replaced by the trace's copy): callers pass a fresh literal, which spares a copy of every event.
   */
  record(input: TraceEventInput): void {
    const now = performance.now();
    const at = input.at ?? roundToTenth(now - this.#origin);
    const event = input as unknown as TraceEvent;
    event.at = at;
    this.observer?.(event, now);
    if (event.type !== 'data' && event.type !== 'datagram') {
      this.#events.push(event);
      return;
    }
    const { kept, startsTruncation } = this.#keepWithinBudget(event.conn, event.dir, event.bytes);
    if (kept !== undefined) {
      event.bytes = kept;
      this.#events.push(event);
    }
    if (startsTruncation) {
      this.#events.push({
        type: 'note',
        at,
        conn: event.conn,
        text: `trace truncated: ${event.dir} data beyond ${TRACE_BYTES_PER_DIRECTION} bytes is counted, not kept`,
      });
    }
  }

  /** Data bytes that arrived or left beyond the per-direction budget and were counted but not kept. */
  omitted(): OmittedBytes[] {
    return [...this.#omitted.values()].map((o) => ({ ...o }));
  }

  #keepWithinBudget(
    conn: string,
    dir: Direction,
    bytes: Uint8Array,
  ): { kept: Buffer | undefined; startsTruncation: boolean } {
    let kept = this.#kept.get(conn);
    if (kept === undefined) {
      kept = { sent: 0, received: 0 };
      this.#kept.set(conn, kept);
    }
    const room = TRACE_BYTES_PER_DIRECTION - kept[dir];
    if (bytes.length <= room) {
      kept[dir] += bytes.length;
      return { kept: Buffer.copyBytesFrom(bytes), startsTruncation: false };
    }
    const key = `${dir}\u0000${conn}`;
    const omitted = this.#omitted.get(key);
    if (omitted === undefined) this.#omitted.set(key, { conn, dir, bytes: bytes.length - room });
    else omitted.bytes += bytes.length - room;
    kept[dir] = TRACE_BYTES_PER_DIRECTION;
    return {
      kept: room > 0 ? Buffer.copyBytesFrom(bytes, 0, room) : undefined,
      startsTruncation: omitted === undefined,
    };
  }
}
