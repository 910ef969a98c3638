import type { RunDocument } from '../../harness/runner/result.js';
import { runSuite } from '../../harness/runner/run-suite.js';
import { serverGroups } from '../../suites/index.js';
import type { ChildServer } from './child-server.js';
import type { RealServer } from './real-server.js';
import type { RealServerSetup } from './servers.js';

/** Runs the whole server suite against a started real server; rejects unless every case ran. */
export async function runAgainst(
  server: RealServer,
  running: ChildServer,
  setup: RealServerSetup,
): Promise<RunDocument> {
  const target = `127.0.0.1:${running.port}`;
  const outcome = await runSuite({
    target: { host: '127.0.0.1', port: running.port },
    groups: serverGroups,
    jobs: 8,
    version: 'real-servers',
    ...(server.checksCredentials ? { credentials: setup.credentials } : {}),
    rerun: (c) => `npx socks-conformance --target ${target} --only ${c.id}`,
  });
  if (outcome.kind === 'unreachable') throw new Error(`${server.id}: ${outcome.reason}`);
  const { document } = outcome;
  if (document.targetLost) {
    throw new Error(
      `${server.id} stopped answering after ${document.targetLost.afterCase}: ${document.targetLost.reason}\n${running.output()}`,
    );
  }
  if (!document.complete) throw new Error(`${server.id}: the run did not complete`);
  return document;
}
