import type { AnnotatedEvent, Part } from './annotate.js';
import type { Direction } from './trace.js';

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

/** The lines of one event of an annotated hex dump. */
export interface TraceBlock {
  readonly event: AnnotatedEvent;
  readonly lines: readonly string[];
}

/** An annotated hex dump of a trace: one block of lines per event, in the order given (time order). */
export function traceBlocks(events: readonly AnnotatedEvent[]): TraceBlock[] {
  const timed = events.filter((e) => e.type !== 'omitted');
  const connWidth = Math.max(0, ...timed.map((e) => e.conn.length));
  const timeWidth = Math.max(0, ...timed.map((e) => formatTime(e.at).length));
  return events.map((event) => {
    const time = event.type === 'omitted' ? '' : formatTime(event.at);
    const head = `${event.conn.padEnd(connWidth)}  ${time.padEnd(timeWidth)}  `;
    return { event, lines: renderEvent(event, head, ' '.repeat(head.length)) };
  });
}

/** The annotated hex dump as text: what the console, TAP and JUnit show. */
export function formatTrace(events: readonly AnnotatedEvent[]): string {
  return traceBlocks(events)
    .flatMap((block) => block.lines)
    .join('\n');
}

function formatTime(at: number): string {
  return `+${at.toFixed(1)}ms`;
}

function marker(dir: Direction): string {
  return dir === 'sent' ? '> ' : '< ';
}

function renderEvent(event: AnnotatedEvent, head: string, blank: string): string[] {
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
    case 'omitted':
      return [`${head}  ${event.length} more ${event.dir} bytes counted but not kept in the trace`];
    case 'data':
      return renderParts(event.annotation, `${head}${marker(event.dir)}`, `${blank}  `);
    case 'datagram': {
      const preposition = event.dir === 'sent' ? 'to' : 'from';
      const header = `${head}${marker(event.dir)}datagram ${preposition} ${event.peer} (${event.length} bytes)`;
      if (event.length === 0) return [header];
      return [header, ...renderParts(event.annotation, `${blank}  `, `${blank}  `)];
    }
  }
}

function renderParts(parts: readonly Part[], first: string, rest: string): string[] {
  if (parts.length === 0) return [`${first}(empty)`];
  const rows = parts.flatMap(hexLines);
  return rows.map((row, index) => `${index === 0 ? first : rest}${row}`.trimEnd());
}

/** A secret's octets are not in the part at all: it is shown as `xx` per octet. */
function hexLines(part: Part): string[] {
  const cells =
    'redacted' in part
      ? Array.from({ length: part.redacted }, () => 'xx')
      : Array.from(Buffer.from(part.octets, 'hex'), (b) => b.toString(16).padStart(2, '0'));
  if (cells.length === 0) return [`${''.padEnd(HEX_COLUMN_WIDTH)}  ${part.note}`];
  const lines: string[] = [];
  for (let offset = 0; offset < cells.length; offset += BYTES_PER_LINE) {
    const hex = cells.slice(offset, offset + BYTES_PER_LINE).join(' ');
    lines.push(offset === 0 ? `${hex.padEnd(HEX_COLUMN_WIDTH)}  ${part.note}` : hex);
  }
  return lines;
}
