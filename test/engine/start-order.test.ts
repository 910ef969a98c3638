import { describe, expect, it } from 'vitest';
import { startOrder } from '../../harness/engine/server/scheduler.js';
import { type CaseDefinition, defineCases } from '../../harness/model/case.js';
import { skipped } from '../../harness/model/outcome.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';

function fakeCase(id: string, expectedMs?: number): CaseDefinition {
  return {
    id,
    clauses: ['rfc1928/3-greeting'],
    level: 'INFO',
    role: 'server',
    versions: ['5'],
    title: id,
    requirement: id,
    ...(expectedMs !== undefined ? { expectedMs } : {}),
    run: async () => skipped('rfc1928/3-greeting', 'SKIP', 'a scheduling probe'),
  };
}

describe('the order in which cases start', () => {
  it('puts cases with a designed wait first, longest first, the rest in declaration order', () => {
    const queue = [fakeCase('a'), fakeCase('b', 1000), fakeCase('c'), fakeCase('d', 4000), fakeCase('e')];
    const ids = startOrder(queue.map((definition) => ({ definition }))).map((q) => q.definition.id);
    expect(ids).toEqual(['d', 'b', 'a', 'c', 'e']);
  });

  it('starts the long case first, yet reports every result in declaration order', async () => {
    const server = await startReferenceServer();
    const started: string[] = [];
    try {
      const group = defineCases('scheduling', 'test', [
        fakeCase('x/one'),
        fakeCase('x/two'),
        fakeCase('x/long', 50),
      ]);
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          jobs: 1,
        }),
        { groups: [group], version: 'test', rerun: () => '', onResult: (result) => started.push(result.id) },
      );
      expect(started).toEqual(['x/long', 'x/one', 'x/two']);
      expect(outcome.kind === 'ran' && outcome.document.results.map((r) => r.id)).toEqual([
        'x/one',
        'x/two',
        'x/long',
      ]);
    } finally {
      await server.close();
    }
  });
});
