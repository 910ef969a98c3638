import { type Endpoint, parseEndpoint } from '../harness/net/endpoint.js';
import { referenceCredentials } from '../harness/reference/config.js';
import { type Fault, isFault } from '../harness/reference/faults.js';
import { startReferenceServer } from '../harness/reference/server.js';

/** A target given to the API: `host:port`, an endpoint, or nothing for the built-in reference server. */
export type TargetInput = string | Endpoint;

export interface ResolvedTarget {
  readonly endpoint: Endpoint;
  /** The built-in reference server's own account, when it is the target. */
  readonly credentials?: { readonly username: string; readonly password: string };
  close(): Promise<void>;
}

export function toEndpoint(target: TargetInput): Endpoint {
  if (typeof target !== 'string') return target;
  const parsed = parseEndpoint(target);
  if (!parsed.ok) throw new TypeError(`target ${JSON.stringify(target)}: ${parsed.reason}`);
  return parsed.endpoint;
}

/** The target to test; without one, the reference server is started in-process (with faults: a mutant). */
export async function resolveTarget(
  target: TargetInput | undefined,
  referenceFaults: readonly string[] = [],
): Promise<ResolvedTarget> {
  if (target !== undefined) {
    if (referenceFaults.length > 0)
      throw new TypeError('referenceFaults apply to the reference server, not to a target');
    return { endpoint: toEndpoint(target), close: async () => {} };
  }
  const unknown = referenceFaults.filter((f) => !isFault(f));
  if (unknown.length > 0) throw new TypeError(`unknown reference faults: ${unknown.join(', ')}`);
  const server = await startReferenceServer({ faults: new Set(referenceFaults as Fault[]) });
  return {
    endpoint: { host: server.host, port: server.port },
    credentials: referenceCredentials,
    close: () => server.close(),
  };
}
