import { referenceCredentials } from '../reference/config.js';
import type { Fault } from '../reference/faults.js';
import { type ReferenceServer, startReferenceServer } from '../reference/server.js';
import type { Account, StartedTarget } from './target.js';

/**
 * The built-in reference server in this process, as the target of a run (with `faults`: a mutant). Its account
 * is `credentials` when the run was given some (the user meant them to be accepted), else its own.
 */
export async function startReferenceTarget(
  faults: readonly Fault[],
  credentials: Account = referenceCredentials,
): Promise<StartedTarget> {
  const users = { [credentials.username]: credentials.password };
  let server: ReferenceServer = await startReferenceServer({ faults: new Set(faults), users });
  const endpoint = { host: server.host, port: server.port };
  return {
    endpoint,
    description:
      faults.length > 0
        ? `built-in reference server (mutant: ${faults.join(', ')})`
        : 'built-in reference server',
    reference: { credentials },
    renew: async () => {
      await server.close();
      server = await startReferenceServer({ faults: new Set(faults), users, port: endpoint.port });
    },
    output: () => '',
    stop: () => server.close(),
  };
}
