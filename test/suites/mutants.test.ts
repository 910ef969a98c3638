import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../harness/model/outcome.js';
import type { CaseResult } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type Fault, faultCatalogue } from '../../harness/reference/faults.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';
import { checksWithoutPass } from '../support/checks-without-pass.js';
import { levelExcessOf } from '../support/level-excess.js';

/**
 * A fault and the verdict a case must give on it. A case may also list faults that the spec leaves open (INFO),
 * to prove it records them, but every case needs at least one fault on which it fails (FAIL, or WARN for a SHOULD).
 */
interface MutantEntry {
  case: string;
  fault: Fault;
  verdict: 'FAIL' | 'WARN' | 'INFO';
}

const folder = new URL('../../fixtures/mutants/', import.meta.url);
const listed: MutantEntry[] = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')).mutants);

const allCases = serverGroups.flatMap((g) => g.cases);

/**
 * A segmentation variant is broken by the fault that cannot read a message split over reads (bytewise: the
 * negotiation fails, a FAIL booked under the greeting's clause, the case not reached) or that loses what was
 * pipelined behind the greeting (coalesced: a WARN, as socks5/method/greeting-coalesced gives the same loss),
 * unless a fixture names another.
 */
const variantMutants: MutantEntry[] = allCases
  .filter((c) => c.segmentation && !listed.some((m) => m.case === c.id))
  .map((c) => ({
    case: c.id,
    fault: c.segmentation === 'bytewise' ? 'greeting-first-chunk-only' : 'drop-coalesced-bytes',
    verdict: c.segmentation === 'bytewise' ? 'FAIL' : 'WARN',
  }));

const mutants = [...listed, ...variantMutants];

async function runOne(caseId: string, faults: Fault[]): Promise<CaseResult> {
  const server = await startReferenceServer({ faults: new Set(faults) });
  try {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        only: [caseId],
        credentials: referenceCredentials,
      }),
      { groups: serverGroups, version: 'test', rerun: () => '' },
    );
    if (outcome.kind !== 'ran') throw new Error(outcome.reason);
    const result = outcome.document.results.find((r) => r.id === caseId);
    if (!result) throw new Error(`case ${caseId} did not run`);
    return result;
  } finally {
    await server.close();
  }
}

describe('every server case is proven both ways', () => {
  it('has a mutant for every case, and every mutant names a known fault and case', () => {
    const covered = new Set(mutants.filter((m) => m.verdict !== 'INFO').map((m) => m.case));
    expect(allCases.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
    const ids = new Set(allCases.map((c) => c.id));
    for (const m of mutants) {
      expect(Object.keys(faultCatalogue)).toContain(m.fault);
      expect(ids.has(m.case), `fixture names unknown case ${m.case}`).toBe(true);
    }
  });

  it('uses every fault switch of the reference server in some mutant', () => {
    const used = new Set(mutants.map((m) => m.fault));
    expect(Object.keys(faultCatalogue).filter((f) => !used.has(f as Fault))).toEqual([]);
  });

  describe('on the reference server every case passes', () => {
    let results: CaseResult[];
    beforeAll(async () => {
      const server = await startReferenceServer();
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          credentials: referenceCredentials,
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      await server.close();
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      results = [...outcome.document.results];
    }, 120_000);
    it.each(allCases.map((c) => c.id))('%s', (id) => {
      const result = results.find((r) => r.id === id);
      expect(result?.verdict, result ? `${explain(result)}: ${result.observed}` : 'did not run').toBe('PASS');
    });
    it('gives and lists no verdict beyond the level of the clause each check is booked under', () => {
      expect(results.flatMap(levelExcessOf)).toEqual([]);
    });
  });

  describe.concurrent('on its mutant each case reports the violation', () => {
    it.each(mutants.map((m) => [m.case, m.fault, m.verdict] as const))(
      '%s on %s → %s',
      async (id, fault, verdict) => {
        const result = await runOne(id, [fault]);
        expect(result.verdict, `${explain(result)}: ${result.observed}`).toBe(verdict);
        // A case not reached books the failure under the clause the exchange it depends on broke.
        if (result.kind === 'not-reached') {
          expect(['rfc1928/3-select-offered', 'rfc1928/4-req-format']).toContain(result.clause);
        } else expect(result.clauses).toContain(result.clause);
        expect(checksWithoutPass(result)).toEqual([]);
        expect(levelExcessOf(result)).toEqual([]);
      },
    );
  });
});
