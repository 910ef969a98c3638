import { selectCases } from '../harness/model/filter.js';
import { inShard, type Shard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { bindsClient, bindsServer, type Clause, clauses, clientUntestableReason } from '../suites/clauses.js';
import { clientGroups } from '../suites/client/index.js';
import { serverGroups } from '../suites/index.js';
import { nothingSelected } from './report-options.js';
import { UsageError } from './usage-error.js';

const allCases = () => serverGroups.flatMap((g) => g.cases.map((c) => ({ section: g.section, ...c })));

/** What `--list` lists: the cases `--only`/`--exclude` select, only the shard's with `--shard K/N`. */
export interface ListSelection {
  readonly only: readonly string[];
  readonly exclude: readonly string[];
  readonly shard?: Shard;
}

/** The selected cases with their clause ids, as text or JSON. */
export function listCases(asJson: boolean, selection: ListSelection): number {
  const selected = selectCases(allCases(), selection.only, selection.exclude);
  if (selected.length === 0) throw new UsageError(nothingSelected(selection.only, selection.exclude));
  const cases = selection.shard ? inShard(selected, selection.shard) : selected;
  if (asJson) {
    const rows = cases.map(({ id, clauses, level, role, versions, title, section, feature }) => ({
      id,
      clauses,
      level,
      role,
      versions,
      section,
      title,
      ...(feature ? { feature } : {}),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const c of cases)
      process.stdout.write(`${c.id.padEnd(56)} ${c.clauses.join(', ').padEnd(56)} ${c.title}\n`);
  }
  return ExitCode.OK;
}

export interface ClauseCoverage {
  readonly id: string;
  readonly level: string;
  readonly who: string;
  readonly summary: string;
  readonly cases: readonly string[];
  /**
   * `covered`, `untestable` (with the reason), `not covered` (a clause binding this side that no case checks), or
   * `not a server clause` / `not a client clause`.
   */
  readonly status: 'covered' | 'untestable' | 'not covered' | 'not a server clause' | 'not a client clause';
  readonly reason?: string;
}

/** The side a listing is about: the server cases or the client cases. */
export type Side = 'server' | 'client';

const sides = {
  server: {
    cases: (): readonly { id: string; clauses: readonly string[] }[] => allCases(),
    binds: bindsServer,
    reason: (clause: Clause) => clause.untestable,
  },
  client: {
    cases: (): readonly { id: string; clauses: readonly string[] }[] => clientGroups.flatMap((g) => g.cases),
    binds: bindsClient,
    reason: (clause: Clause) => (bindsClient(clause) ? clientUntestableReason(clause) : undefined),
  },
} as const;

/** Every clause of the catalogue with the cases of `side` that check it, or why none can. */
export function clauseCoverage(side: Side = 'server'): ClauseCoverage[] {
  const { cases, binds, reason: reasonOf } = sides[side];
  const all = cases();
  return clauses.map((clause) => {
    const covering = all.filter((c) => c.clauses.includes(clause.id)).map((c) => c.id);
    const reason = reasonOf(clause);
    const status =
      covering.length > 0
        ? 'covered'
        : reason
          ? 'untestable'
          : binds(clause)
            ? 'not covered'
            : side === 'server'
              ? 'not a server clause'
              : 'not a client clause';
    return {
      id: clause.id,
      level: clause.level,
      who: clause.who,
      summary: clause.summary,
      cases: covering,
      status,
      ...(reason ? { reason } : {}),
    };
  });
}

export function listClauses(asJson: boolean, side: Side = 'server'): number {
  const rows = clauseCoverage(side);
  if (asJson) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.OK;
  }
  for (const row of rows) {
    process.stdout.write(`${row.id}  ${row.level}  ${row.who}: ${row.summary}\n`);
    if (row.status === 'covered') for (const id of row.cases) process.stdout.write(`    ${id}\n`);
    else if (row.status === 'untestable') process.stdout.write(`    untestable: ${row.reason}\n`);
    else process.stdout.write(`    ${row.status}\n`);
  }
  return ExitCode.OK;
}
