import { describe, expect, it } from 'vitest';
import { clauseCoverage } from '../../cli/list-command.js';
import { clauses } from '../../suites/clauses.js';
import { serverGroups } from '../../suites/index.js';

describe('the clause catalogue and the cases agree', () => {
  it('knows every clause a case cites', () => {
    const known = new Set(clauses.map((c) => c.id));
    const cited = serverGroups.flatMap((g) =>
      g.cases.flatMap((c) => c.clauses.map((id) => `${c.id}: ${id}`)),
    );
    expect(cited.filter((entry) => !known.has(entry.split(': ')[1]!))).toEqual([]);
  });

  it('has no duplicate clause ids', () => {
    const ids = clauses.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('covers every server, relay and both-sides clause with a case, or says why it cannot', () => {
    const missing = clauseCoverage().filter((row) => row.status === 'not covered');
    expect(missing.map((row) => `${row.id} (${row.who}): ${row.summary}`)).toEqual([]);
  });
});
