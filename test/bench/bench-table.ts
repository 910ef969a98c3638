/** The bench's table: one row per target, one figure per column, each goal under its figure's name. */

import { goals, type Miss, missesOf } from './bench-goals.js';
import type { TargetResult } from './bench-result.js';

interface Column {
  readonly name: string;
  /** The unit, or the goal (the figure of a row that misses it is marked). */
  readonly under: string;
  readonly cell: (r: TargetResult) => string;
  readonly figure?: Miss['figure'];
}

const none = '–';
const fixed = (value: number | undefined, places: number) =>
  value === undefined ? none : value.toFixed(places);
const mib = (kib: number | undefined) => (kib === undefined ? none : String(Math.round(kib / 1024)));

const columns: readonly Column[] = [
  { name: 'target', under: '', cell: (r) => r.target },
  { name: 'wall', under: 's', cell: (r) => fixed(r.suite.wallMs / 1000, 2) },
  { name: 'floor', under: 's', cell: (r) => fixed(r.suite.floorMs / 1000, 2) },
  {
    name: 'wall/floor',
    under: `≤${goals.wallOverFloor}`,
    cell: (r) => fixed(r.suite.wallOverFloor, 2),
    figure: 'wall/floor',
  },
  { name: 'conns', under: 'peak', cell: (r) => String(r.suite.peakConnections ?? none) },
  { name: 'fuzz/s', under: '', cell: (r) => fixed(r.fuzz?.perSecond, 0) },
  { name: 'raw/s', under: '', cell: (r) => fixed(r.raw?.perSecond, 0) },
  {
    name: 'fuzz/raw',
    under: `≥${goals.fuzzOverRaw}`,
    cell: (r) => (r.fuzz && r.fuzzOverRaw === undefined ? 'finding' : fixed(r.fuzzOverRaw, 2)),
    figure: 'fuzz/raw',
  },
  { name: 'CPU fuzz', under: 'ms/case', cell: (r) => fixed(r.fuzz?.cpuMsPerCase, 2) },
  { name: 'CPU raw', under: 'ms/case', cell: (r) => fixed(r.raw?.cpuMsPerCase, 2) },
  { name: 'bare/s', under: '', cell: (r) => fixed(r.bare?.perSecond, 0) },
  {
    name: 'RSS run',
    under: `<${goals.runPeakMiB} MiB`,
    cell: (r) => mib(r.suite.peakKiB),
    figure: 'run RSS',
  },
  {
    name: 'RSS fuzz',
    under: `<${goals.fuzzPeakMiB} MiB`,
    cell: (r) => mib(r.fuzz?.peakKiB),
    figure: 'fuzz RSS',
  },
];

/** A figure that misses its goal. */
export const MISSED = '✗';

/** The table's lines: two lines of headings, then a row per target; figures right-aligned, misses marked. */
export function formatTable(results: readonly TargetResult[]): string[] {
  const rows = results.map((r) => {
    const missed = new Set(missesOf(r).map((m) => m.figure));
    return columns.map((c) => `${c.cell(r)}${c.figure && missed.has(c.figure) ? ` ${MISSED}` : ''}`);
  });
  const widths = columns.map((c, i) =>
    Math.max(c.name.length, c.under.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.name)), line(columns.map((c) => c.under)), ...rows.map(line)];
}
