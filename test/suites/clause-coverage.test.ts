import { describe, expect, it } from 'vitest';
import { clauseCoverage } from '../../cli/list-command.js';
import { bindsClient, clauses } from '../../suites/clauses.js';
import { clientGroups } from '../../suites/client/index.js';
import { serverGroups } from '../../suites/index.js';

describe('the clause catalogue and the cases agree', () => {
  it('knows every clause a case cites', () => {
    const known = new Set(clauses.map((c) => c.id));
    const cited = [...serverGroups, ...clientGroups].flatMap((g) =>
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

  it('covers every clause binding a client with a client case, or says why none can', () => {
    const rows = clauseCoverage('client');
    const missing = rows.filter((row) => row.status === 'not covered');
    expect(missing.map((row) => `${row.id} (${row.who}): ${row.summary}`)).toEqual([]);
    const binding = clauses.filter(bindsClient).map((c) => c.id);
    expect(binding.length).toBeGreaterThan(0);
    for (const id of binding)
      expect(rows.find((row) => row.id === id)?.status, id).toMatch(/^(covered|untestable)$/);
  });

  it('gives a client-side reason only to a clause that binds a client', () => {
    const stray = clauses.filter((c) => c.clientUntestable !== undefined && !bindsClient(c));
    expect(stray.map((c) => c.id)).toEqual([]);
  });
});
