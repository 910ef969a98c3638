import { ExitCode } from '../harness/runner/verdict.js';
import { bindsServer, clauses } from '../suites/clauses.js';
import { serverGroups } from '../suites/index.js';

const allCases = () => serverGroups.flatMap((g) => g.cases.map((c) => ({ section: g.section, ...c })));

/** Every case with its clause ids, as text or JSON. */
export function listCases(asJson: boolean): number {
  const cases = allCases();
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
  /** `covered`, `untestable` (with the reason), `not covered` (a server clause no case checks), or `client`. */
  readonly status: 'covered' | 'untestable' | 'not covered' | 'not a server clause';
  readonly reason?: string;
}

/** Every clause of the catalogue with the cases that check it, or why none can. */
export function clauseCoverage(): ClauseCoverage[] {
  const cases = allCases();
  return clauses.map((clause) => {
    const covering = cases.filter((c) => c.clauses.includes(clause.id)).map((c) => c.id);
    const status =
      covering.length > 0
        ? 'covered'
        : clause.untestable
          ? 'untestable'
          : bindsServer(clause)
            ? 'not covered'
            : 'not a server clause';
    return {
      id: clause.id,
      level: clause.level,
      who: clause.who,
      summary: clause.summary,
      cases: covering,
      status,
      ...(clause.untestable ? { reason: clause.untestable } : {}),
    };
  });
}

export function listClauses(asJson: boolean): number {
  const rows = clauseCoverage();
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
