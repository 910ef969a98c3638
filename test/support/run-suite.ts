import type { CaseResult } from '../../harness/model/result.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import { type ReferenceConfig, referenceCredentials } from '../../harness/reference/config.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

/** The server suite's results against `endpoint`: the cases `only` selects (all when absent). */
export async function runSuiteAt(endpoint: Endpoint, only?: readonly string[]): Promise<CaseResult[]> {
  const outcome = await runServerSuite(
    runOptions({
      target: { kind: 'address', endpoint },
      ...(only ? { only: [...only] } : {}),
      credentials: referenceCredentials,
    }),
    { groups: serverGroups, version: 'test', rerun: () => '' },
  );
  if (outcome.kind !== 'ran') throw new Error(outcome.reason);
  return [...outcome.document.results];
}

/** The server suite's results against a reference server configured by `config` (a mutant, a ruleset). */
export async function runSuiteOnReference(
  config: Partial<ReferenceConfig>,
  only?: readonly string[],
): Promise<CaseResult[]> {
  const server = await startReferenceServer(config);
  try {
    return await runSuiteAt({ host: server.host, port: server.port }, only);
  } finally {
    await server.close();
  }
}
