import { type Range, REDACTED_NOTE, rangesWithin, secretRanges, textRedactor } from './redact.js';
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
 * case. A secret's octets are dropped here, so no report can show them: a segment the dissector marks `redact`,
 * and wherever else `secrets` (passwords) show, sent or received, in octets (across chunks) or in notes.
 */
export function annotate(
  trace: Trace,
  dissector?: DissectorFactory,
  secrets: readonly Uint8Array[] = [],
): AnnotatedEvent[] {
  const dissectors = new DissectorCache(dissector);
  const events = [...trace.events].sort((a, b) => a.at - b.at);
  const hidden = secretWindows(events, secrets);
  const redactNote = textRedactor(secrets);
  const annotated = events.map((event): AnnotatedEvent => {
    if (event.type === 'data') {
      const { bytes, ...rest } = event;
      const segments = dissectors.segments(event.conn, event.dir, bytes);
      return {
        ...rest,
        length: bytes.length,
        annotation: parts(bytes, segments, hidden.get(event), redactNote),
      };
    }
    if (event.type === 'datagram') {
      const { bytes, ...rest } = event;
      // An empty datagram is shown as its header alone: there is nothing to dissect.
      const segments = bytes.length === 0 ? [] : dissectors.segments(event.conn, event.dir, bytes);
      return {
        ...rest,
        length: bytes.length,
        annotation: parts(bytes, segments, hidden.get(event), redactNote),
      };
    }
    if (event.type === 'note') return { ...event, text: redactNote(event.text) };
    return { ...event };
  });
  for (const omitted of trace.omitted())
    annotated.push({ type: 'omitted', conn: omitted.conn, dir: omitted.dir, length: omitted.bytes });
  return annotated;
}

/**
 * Where each chunk holds a secret. A stream is searched whole, since a secret may arrive split over chunks (a
 * target that trickles its echo); a datagram on its own.
 */
function secretWindows(
  events: readonly TraceEvent[],
  secrets: readonly Uint8Array[],
): Map<TraceEvent, Range[]> {
  const found = new Map<TraceEvent, Range[]>();
  if (secrets.length === 0) return found;
  const streams = new Map<string, Extract<TraceEvent, { type: 'data' }>[]>();
  for (const event of events) {
    if (event.type === 'datagram') found.set(event, secretRanges(event.bytes, secrets));
    if (event.type !== 'data') continue;
    const key = `${event.conn} ${event.dir}`;
    const chunks = streams.get(key);
    if (chunks) chunks.push(event);
    else streams.set(key, [event]);
  }
  for (const chunks of streams.values()) {
    const ranges = secretRanges(Buffer.concat(chunks.map((c) => c.bytes)), secrets);
    let offset = 0;
    for (const chunk of chunks) {
      found.set(chunk, rangesWithin(ranges, offset, chunk.bytes.length));
      offset += chunk.bytes.length;
    }
  }
  return found;
}

/** The chunk cut at the segments' lengths; bytes no segment covers make a last part without a note. */
function parts(
  bytes: Buffer,
  segments: readonly Segment[],
  hidden: readonly Range[] = [],
  redactNote: (note: string) => string = (note) => note,
): Part[] {
  const list: Part[] = [];
  let offset = 0;
  for (const segment of segments) {
    const end = Math.min(bytes.length, offset + segment.length);
    const note = redactNote(segment.note);
    if (segment.redact) list.push({ redacted: end - offset, note });
    else list.push(...split(bytes, offset, end, hidden, note));
    offset = end;
  }
  if (offset < bytes.length) list.push(...split(bytes, offset, bytes.length, hidden, ''));
  return list;
}

/** The octets `[start, end)` of a chunk as parts, a secret's runs redacted; the note goes on the first part. */
function split(bytes: Buffer, start: number, end: number, hidden: readonly Range[], given: string): Part[] {
  const list: Part[] = [];
  const holdsSecret = hidden.some(([from, to]) => from < end && to > start);
  const note = holdsSecret && given ? withheld(given) : given;
  const octets = (from: number, to: number) => bytes.subarray(from, to).toString('hex');
  let at = start;
  for (const [from, to] of hidden) {
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    if (b <= a) continue;
    if (a > at) list.push({ octets: octets(at, a), note: list.length === 0 ? note : '' });
    list.push({
      redacted: b - a,
      note: list.length === 0 && note ? `${note}; ${REDACTED_NOTE}` : REDACTED_NOTE,
    });
    at = b;
  }
  if (at < end || list.length === 0)
    list.push({ octets: octets(at, end), note: list.length === 0 ? note : '' });
  return list;
}

/**
 * A dissector's note on octets that hold a secret may quote some of them (`malformed reply: unknown ATYP X'5A'`
 * of an echoed password): only what it says of the message's kind is kept.
 */
function withheld(note: string): string {
  const kind = /^(DATA \d+ octets|\(partial [^,()]+, \d+ octets so far\)|malformed [^:]+)/.exec(note)?.[1];
  return `${kind ?? 'a message'} (details withheld: the octets hold a password)`;
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
