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

/**
 * Octets of data shown per connection and direction in a rendered dump (the console, TAP, JUnit, HTML); the JSON
 * report keeps the whole trace. A target that floods would otherwise make every report of the run megabytes of
 * hex per case, and the run's memory grow with it.
 */
export const RENDERED_OCTETS_PER_DIRECTION = 4096;

/** An annotated hex dump of a trace: one block of lines per event, in the order given (time order). */
export function traceBlocks(events: readonly AnnotatedEvent[]): TraceBlock[] {
  const timed = events.filter((e) => e.type !== 'omitted');
  const connWidth = Math.max(0, ...timed.map((e) => e.conn.length));
  const timeWidth = Math.max(0, ...timed.map((e) => formatTime(e.at).length));
  const budget = new RenderBudget(events);
  const blocks: TraceBlock[] = [];
  for (const event of events) {
    const time = event.type === 'omitted' ? '' : formatTime(event.at);
    const head = `${event.conn.padEnd(connWidth)}  ${time.padEnd(timeWidth)}  `;
    const shown = budget.admit(event);
    if (shown === 'hidden') continue;
    const lines =
      shown === 'full' ? renderEvent(event, head, ' '.repeat(head.length)) : [`${head}  ${shown.beyond}`];
    blocks.push({ event, lines });
  }
  return blocks;
}

type Shown = 'full' | 'hidden' | { readonly beyond: string };

/** Which data events of a trace fit `RENDERED_OCTETS_PER_DIRECTION`; the first one past it says what is left out. */
class RenderBudget {
  readonly #shown = new Map<string, number>();
  readonly #total = new Map<string, { octets: number; events: number }>();

  constructor(events: readonly AnnotatedEvent[]) {
    for (const event of events) {
      if (event.type !== 'data' && event.type !== 'datagram') continue;
      const key = `${event.conn} ${event.dir}`;
      const total = this.#total.get(key) ?? { octets: 0, events: 0 };
      total.octets += event.length;
      total.events += 1;
      this.#total.set(key, total);
    }
  }

  admit(event: AnnotatedEvent): Shown {
    if (event.type !== 'data' && event.type !== 'datagram') return 'full';
    const key = `${event.conn} ${event.dir}`;
    const before = this.#shown.get(key) ?? 0;
    const total = this.#total.get(key)!;
    if (before >= RENDERED_OCTETS_PER_DIRECTION) {
      this.#shown.set(key, before + event.length);
      return 'hidden';
    }
    this.#shown.set(key, before + event.length);
    if (
      before + event.length <= RENDERED_OCTETS_PER_DIRECTION ||
      total.octets <= RENDERED_OCTETS_PER_DIRECTION
    ) {
      return 'full';
    }
    const left = total.octets - before;
    return {
      beyond: `${left} more ${event.dir} octets from here on (past the ${RENDERED_OCTETS_PER_DIRECTION} shown): the JSON report has them`,
    };
  }
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
