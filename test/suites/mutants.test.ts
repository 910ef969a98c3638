import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type Fault, faultCatalogue } from '../../harness/reference/faults.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import type { CaseResult } from '../../harness/runner/result.js';
import { runSuite } from '../../harness/runner/run-suite.js';
import { serverGroups } from '../../suites/index.js';

interface MutantEntry {
  case: string;
  fault: Fault;
  verdict: 'FAIL' | 'WARN';
}

const mutants: MutantEntry[] = JSON.parse(
  readFileSync(new URL('../../fixtures/mutants/socks5-server.json', import.meta.url), 'utf8'),
).mutants;

const allCases = serverGroups.flatMap((g) => g.cases);

async function runOne(caseId: string, faults: Fault[]): Promise<CaseResult> {
  const server = await startReferenceServer({ faults: new Set(faults) });
  try {
    const outcome = await runSuite({
      target: { host: server.host, port: server.port },
      groups: serverGroups,
      only: [caseId],
      version: 'test',
      credentials: referenceCredentials,
      rerun: () => '',
    });
    if (outcome.kind !== 'ran') throw new Error(outcome.reason);
    const result = outcome.document.results.find((r) => r.id === caseId);
    if (!result) throw new Error(`case ${caseId} did not run`);
    return result;
  } finally {
    await server.close();
  }
}

describe('every server case is proven both ways', () => {
  it('has a mutant for every case, and every mutant names a known fault', () => {
    const covered = new Set(mutants.map((m) => m.case));
    expect(allCases.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
    for (const m of mutants) expect(Object.keys(faultCatalogue)).toContain(m.fault);
  });

  describe('on the reference server every case passes', () => {
    let results: CaseResult[];
    beforeAll(async () => {
      const server = await startReferenceServer();
      const outcome = await runSuite({
        target: { host: server.host, port: server.port },
        groups: serverGroups,
        version: 'test',
        credentials: referenceCredentials,
        rerun: () => '',
      });
      await server.close();
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      results = [...outcome.document.results];
    });
    it.each(allCases.map((c) => c.id))('%s', (id) => {
      const result = results.find((r) => r.id === id);
      expect(result?.verdict, result ? `${result.matched}: ${result.observed}` : 'did not run').toBe('PASS');
    });
  });

  describe('on its mutant each case reports the violation', () => {
    it.each(mutants.map((m) => [m.case, m.fault, m.verdict] as const))(
      '%s on %s → %s',
      async (id, fault, verdict) => {
        const result = await runOne(id, [fault]);
        expect(result.verdict, `${result.matched}: ${result.observed}`).toBe(verdict);
        expect(result.clauses).toContain(result.clause);
      },
    );
  });
});
