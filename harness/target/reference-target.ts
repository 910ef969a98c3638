import { referenceCredentials } from '../reference/config.js';
import type { Fault } from '../reference/faults.js';
import { type ReferenceServer, startReferenceServer } from '../reference/server.js';
import type { StartedTarget } from './target.js';

/** The built-in reference server in this process, as the target of a run (with `faults`: a mutant). */
export async function startReferenceTarget(faults: readonly Fault[]): Promise<StartedTarget> {
  let server: ReferenceServer = await startReferenceServer({ faults: new Set(faults) });
  const endpoint = { host: server.host, port: server.port };
  return {
    endpoint,
    description:
      faults.length > 0
        ? `built-in reference server (mutant: ${faults.join(', ')})`
        : 'built-in reference server',
    reference: { credentials: referenceCredentials },
    renew: async () => {
      await server.close();
      server = await startReferenceServer({ faults: new Set(faults), port: endpoint.port });
    },
    output: () => '',
    stop: () => server.close(),
  };
}
