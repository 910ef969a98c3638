/** The catalogue's outcomes as a plain-text table with the "N of M caught" line, and as a JSON document. */
import type { KnownBugOutcome, KnownBugStatus } from './run-known-bug.js';

export const KNOWN_BUGS_SCHEMA = 1;

export interface KnownBugsSummary {
  readonly total: number;
  readonly caught: number;
  readonly notCaught: number;
  readonly caseMissing: number;
  readonly notObtainable: number;
  readonly errors: number;
}

export function summarize(outcomes: readonly KnownBugOutcome[]): KnownBugsSummary {
  const count = (status: KnownBugStatus) => outcomes.filter((o) => o.status === status).length;
  return {
    total: outcomes.length,
    caught: count('caught'),
    notCaught: count('not caught'),
    caseMissing: count('case missing'),
    notObtainable: count('not obtainable'),
    errors: count('error'),
  };
}

/** `12 of 20 caught (3 not caught, 4 case missing, 1 not obtainable)`: zero counts left out. */
export function caughtLine(summary: KnownBugsSummary): string {
  const rest = [
    [summary.notCaught, 'not caught'],
    [summary.caseMissing, 'case missing'],
    [summary.notObtainable, 'not obtainable'],
    [summary.errors, summary.errors === 1 ? 'error' : 'errors'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, what]) => `${n} ${what}`);
  return `${summary.caught} of ${summary.total} caught${rest.length > 0 ? ` (${rest.join(', ')})` : ''}`;
}

/** Whether an obtainable entry went uncaught: `npm run known-bugs` then exits 1. */
export function anyObtainableUncaught(outcomes: readonly KnownBugOutcome[]): boolean {
  return outcomes.some((o) => o.status !== 'caught' && o.status !== 'not obtainable');
}

function resultCell(o: KnownBugOutcome): string {
  switch (o.status) {
    case 'caught':
      return 'caught';
    case 'not caught':
      return o.pending ? 'NOT CAUGHT (pending)' : 'NOT CAUGHT';
    case 'case missing':
      return 'case missing';
    case 'not obtainable':
      return 'not obtainable';
    case 'error':
      return 'ERROR';
  }
}

function catcherCells(o: KnownBugOutcome): string[] {
  return o.catchers.map(
    (c) => `${c.catcher} → ${c.observed ?? '-'}${c.caught ? '' : ` (wants ${c.expected})`}`,
  );
}

/** One row per bug (a catcher per line), the "N of M caught" line, then why each uncaught one is not caught. */
export function formatTable(outcomes: readonly KnownBugOutcome[]): string {
  const header = ['id', 'implementation', 'version', 'role', 'obtained', 'catching cases', 'result'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    const catchers = catcherCells(o);
    const first = [
      o.id,
      o.implementation,
      o.version,
      o.role,
      o.obtained || '-',
      catchers[0] ?? '-',
      resultCell(o),
    ];
    rows.push(first, ...catchers.slice(1).map((c) => ['', '', '', '', '', c, '']));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const why = outcomes
    .filter((o) => o.status !== 'caught')
    .map((o) => {
      const reasons = o.reason
        ? [o.reason]
        : o.catchers.filter((c) => !c.caught).map((c) => `${c.catcher}: ${c.detail}`);
      const pending = o.pending ? [`pending: ${o.pending}`] : [];
      return [`- ${o.id} (${o.status}):`, ...[...reasons, ...pending].map((r) => `    ${r}`)].join('\n');
    });
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    caughtLine(summarize(outcomes)),
    ...(why.length > 0 ? ['', ...why] : []),
    '',
  ].join('\n');
}

export interface KnownBugsDocument {
  readonly tool: 'socks-conformance';
  readonly type: 'known-bugs';
  readonly schema: number;
  readonly startedAt: string;
  readonly summary: KnownBugsSummary;
  readonly bugs: readonly KnownBugOutcome[];
}

export function knownBugsDocument(startedAt: Date, outcomes: readonly KnownBugOutcome[]): KnownBugsDocument {
  return {
    tool: 'socks-conformance',
    type: 'known-bugs',
    schema: KNOWN_BUGS_SCHEMA,
    startedAt: startedAt.toISOString(),
    summary: summarize(outcomes),
    bugs: outcomes,
  };
}
