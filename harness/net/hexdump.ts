import type { Direction, Trace, TraceEvent } from './trace.js';

/** A run of bytes within a chunk and what they mean, e.g. `{ length: 2, note: 'VER=5 METHOD=NO-AUTH' }`. */
export interface Segment {
  length: number;
  note: string;
  /** The bytes are secret (a password): shown as `xx`, never as their values. */
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

const BYTES_PER_LINE = 16;
const HEX_COLUMN_WIDTH = BYTES_PER_LINE * 3 - 1;

/** `05 01 00` */
export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Octets shown at most by `formatHexBrief`; the trace keeps the bytes themselves. */
export const BRIEF_HEX_OCTETS = 64;

/** `05 01 00`, cut after `max` octets with a count of the rest: for one-line observations. */
export function formatHexBrief(bytes: Uint8Array, max = BRIEF_HEX_OCTETS): string {
  if (bytes.length <= max) return formatHex(bytes);
  return `${formatHex(bytes.subarray(0, max))} … (${bytes.length - max} more octets)`;
}

/** An annotated hex dump of the trace: one block per event, in time order. */
export function formatTrace(trace: Trace, dissector?: DissectorFactory): string {
  const events = [...trace.events].sort((a, b) => a.at - b.at);
  const connWidth = Math.max(0, ...events.map((e) => e.conn.length));
  const timeWidth = Math.max(0, ...events.map((e) => formatTime(e.at).length));
  const dissectors = new DissectorCache(dissector);
  const lines: string[] = [];
  for (const event of events) {
    const head = `${event.conn.padEnd(connWidth)}  ${formatTime(event.at).padEnd(timeWidth)}  `;
    const blank = ' '.repeat(head.length);
    lines.push(...renderEvent(event, head, blank, dissectors));
  }
  for (const omitted of trace.omitted()) {
    const head = `${omitted.conn.padEnd(connWidth)}  ${''.padEnd(timeWidth)}  `;
    lines.push(`${head}  ${omitted.bytes} more ${omitted.dir} bytes counted but not kept in the trace`);
  }
  return lines.join('\n');
}

function formatTime(at: number): string {
  return `+${at.toFixed(1)}ms`;
}

function marker(dir: Direction): string {
  return dir === 'sent' ? '> ' : '< ';
}

function renderEvent(event: TraceEvent, head: string, blank: string, dissectors: DissectorCache): string[] {
  switch (event.type) {
    case 'connect':
      return [`${head}  connect ${event.local} -> ${event.remote}`];
    case 'connect-failed':
      return [`${head}  connect -> ${event.remote} failed: ${event.code}`];
    case 'fin':
      return [`${head}${marker(event.dir)}FIN`];
    case 'rst':
      return [`${head}< RST`];
    case 'silence':
      return [`${head}  silence for ${event.waitedMs}ms`];
    case 'overflow':
      return [`${head}  overflow: more than ${event.limit} bytes unread`];
    case 'note':
      return [`${head}  note: ${event.text}`];
    case 'data': {
      const segments = dissectors.segments(event.conn, event.dir, event.bytes);
      return renderBytes(event.bytes, segments, `${head}${marker(event.dir)}`, `${blank}  `);
    }
    case 'datagram': {
      const preposition = event.dir === 'sent' ? 'to' : 'from';
      const header = `${head}${marker(event.dir)}datagram ${preposition} ${event.peer} (${event.bytes.length} bytes)`;
      if (event.bytes.length === 0) return [header];
      const segments = dissectors.segments(event.conn, event.dir, event.bytes);
      return [header, ...renderBytes(event.bytes, segments, `${blank}  `, `${blank}  `)];
    }
  }
}

function renderBytes(bytes: Buffer, segments: Segment[], first: string, rest: string): string[] {
  if (bytes.length === 0 && segments.length === 0) return [`${first}(empty)`];
  const rows: string[] = [];
  let offset = 0;
  for (const segment of segments) {
    const piece = bytes.subarray(offset, offset + segment.length);
    offset += piece.length;
    rows.push(...hexLines(segment.redact ? Buffer.alloc(piece.length) : piece, segment.note, segment.redact));
  }
  if (offset < bytes.length) rows.push(...hexLines(bytes.subarray(offset), ''));
  return rows.map((row, index) => `${index === 0 ? first : rest}${row}`.trimEnd());
}

function hexLines(bytes: Uint8Array, note: string, redact = false): string[] {
  if (bytes.length === 0) return [`${''.padEnd(HEX_COLUMN_WIDTH)}  ${note}`];
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_LINE) {
    const slice = bytes.subarray(offset, offset + BYTES_PER_LINE);
    const hex = redact ? Array.from(slice, () => 'xx').join(' ') : formatHex(slice);
    lines.push(offset === 0 ? `${hex.padEnd(HEX_COLUMN_WIDTH)}  ${note}` : hex);
  }
  return lines;
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
