import type { RunDocument } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import type { Fault } from '../../harness/reference/faults.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

/** A mutant that fails cases in several sections quickly (no 10-second close waits). */
export const quickMutant: readonly Fault[] = [
  'select-unoffered-method',
  'domain-cut-at-nul',
  'reply-rsv-nonzero',
];

/** A real run of the server suite against the reference server, or against a mutant of it. */
export async function runReference(
  faults: readonly Fault[] = [],
  only?: readonly string[],
): Promise<RunDocument> {
  const server = await startReferenceServer({ faults: new Set(faults) });
  try {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        ...(only ? { only } : {}),
        credentials: referenceCredentials,
      }),
      { groups: serverGroups, version: 'test', rerun: (c) => `npx socks-conformance --only ${c.id}` },
    );
    if (outcome.kind !== 'ran') throw new Error(outcome.reason);
    return outcome.document;
  } finally {
    await server.close();
  }
}
