import type { Direction, Trace, TraceEvent } from './trace.js';

/** A run of bytes within a chunk and what they mean, e.g. `{ length: 2, note: 'VER=5 METHOD=NO-AUTH' }`. */
export interface Segment {
  length: number;
  note: string;
  /** The bytes are secret (a password): their values are never kept in a report. */
  redact?: boolean;
}

/**
 * Explains the bytes of one connection. Stateful: it is given every chunk of its connection in order, and for
 * each returns segments whose lengths sum to the chunk's length. A message split across chunks is the
 * dissector's to track; one that spans a chunk boundary may be noted where it completes.
 */
export interface Dissector {
  sent(chunk: Uint8Array): Segment[];
  received(chunk: Uint8Array): Segment[];
}

export type DissectorFactory = (conn: string) => Dissector;

/**
 * Part of a chunk with what the dissector says it is: its octets as lowercase hex, or for a secret only how
 * many octets it had. A part may be empty (a note on a message that completed in an earlier chunk).
 */
export type Part =
  | { readonly octets: string; readonly note: string }
  | { readonly redacted: number; readonly note: string };

type NotData = Exclude<TraceEvent, { type: 'data' } | { type: 'datagram' }>;

/**
 * A trace event as a report keeps it: data and datagrams carry their octets split into annotated parts (which
 * cover the chunk in order), and `omitted` counts the octets of a direction beyond the trace's budget.
 */
export type AnnotatedEvent =
  | NotData
  | {
      type: 'data';
      at: number;
      conn: string;
      dir: Direction;
      length: number;
      annotation: readonly Part[];
    }
  | {
      type: 'datagram';
      at: number;
      conn: string;
      dir: Direction;
      peer: string;
      length: number;
      annotation: readonly Part[];
    }
  /** Octets that arrived or left beyond the per-direction budget: counted, not kept. No time of its own. */
  | { type: 'omitted'; conn: string; dir: Direction; length: number };

/**
 * The trace in time order, each chunk explained by the connection's dissector once: what a report keeps of a
 * case. A secret's octets (a segment marked `redact`) are dropped here, so no report can show them.
 */
export function annotate(trace: Trace, dissector?: DissectorFactory): AnnotatedEvent[] {
  const dissectors = new DissectorCache(dissector);
  const events = [...trace.events].sort((a, b) => a.at - b.at);
  const annotated = events.map((event): AnnotatedEvent => {
    if (event.type === 'data') {
      const { bytes, ...rest } = event;
      const segments = dissectors.segments(event.conn, event.dir, bytes);
      return { ...rest, length: bytes.length, annotation: parts(bytes, segments) };
    }
    if (event.type === 'datagram') {
      const { bytes, ...rest } = event;
      // An empty datagram is shown as its header alone: there is nothing to dissect.
      const segments = bytes.length === 0 ? [] : dissectors.segments(event.conn, event.dir, bytes);
      return { ...rest, length: bytes.length, annotation: parts(bytes, segments) };
    }
    return { ...event };
  });
  for (const omitted of trace.omitted())
    annotated.push({ type: 'omitted', conn: omitted.conn, dir: omitted.dir, length: omitted.bytes });
  return annotated;
}

/** The chunk cut at the segments' lengths; bytes no segment covers make a last part without a note. */
function parts(bytes: Buffer, segments: readonly Segment[]): Part[] {
  const list: Part[] = [];
  let offset = 0;
  for (const segment of segments) {
    const piece = bytes.subarray(offset, offset + segment.length);
    offset += piece.length;
    list.push(
      segment.redact
        ? { redacted: piece.length, note: segment.note }
        : { octets: piece.toString('hex'), note: segment.note },
    );
  }
  if (offset < bytes.length) list.push({ octets: bytes.subarray(offset).toString('hex'), note: '' });
  return list;
}

/** One dissector per connection; a dissector that throws or miscounts is set aside, never fatal to the dump. */
class DissectorCache {
  readonly #factory: DissectorFactory | undefined;
  readonly #byConn = new Map<string, Dissector | null>();

  constructor(factory: DissectorFactory | undefined) {
    this.#factory = factory;
  }

  segments(conn: string, dir: Direction, bytes: Buffer): Segment[] {
    const dissector = this.#get(conn);
    if (dissector === null) return [];
    try {
      const segments = dir === 'sent' ? dissector.sent(bytes) : dissector.received(bytes);
      return clampSegments(segments, bytes.length);
    } catch (error) {
      this.#byConn.set(conn, null);
      const reason = error instanceof Error ? error.message : String(error);
      return [{ length: bytes.length, note: `(dissector failed: ${reason})` }];
    }
  }

  #get(conn: string): Dissector | null {
    const known = this.#byConn.get(conn);
    if (known !== undefined) return known;
    let dissector: Dissector | null = null;
    if (this.#factory !== undefined) {
      try {
        dissector = this.#factory(conn);
      } catch {
        dissector = null;
      }
    }
    this.#byConn.set(conn, dissector);
    return dissector;
  }
}

/** Keeps segments within the chunk: negative or fractional lengths become whole, overruns are cut. */
function clampSegments(segments: readonly Segment[], total: number): Segment[] {
  const clamped: Segment[] = [];
  let covered = 0;
  for (const segment of segments) {
    const length = Math.max(0, Math.min(Math.floor(segment.length) || 0, total - covered));
    if (length === 0 && segment.length > 0) break;
    clamped.push({ length, note: String(segment.note), ...(segment.redact ? { redact: true } : {}) });
    covered += length;
  }
  return clamped;
}
