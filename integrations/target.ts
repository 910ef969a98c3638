import { type Endpoint, parseEndpoint } from '../harness/net/endpoint.js';
import { isFault } from '../harness/reference/faults.js';
import type { TargetSpec } from '../harness/target/target.js';

/** A target given to the API: `host:port`, an endpoint, a target spec, or nothing for the built-in reference server. */
export type TargetInput = string | Endpoint | TargetSpec;

/** The target spec of an API call; faults make the built-in reference server a mutant. */
export function targetOf(
  target: TargetInput | undefined,
  referenceFaults: readonly string[] = [],
): TargetSpec {
  if (target !== undefined && referenceFaults.length > 0)
    throw new TypeError('referenceFaults apply to the reference server, not to a target');
  if (target === undefined) {
    const unknown = referenceFaults.filter((f) => !isFault(f));
    if (unknown.length > 0) throw new TypeError(`unknown reference faults: ${unknown.join(', ')}`);
    return { kind: 'reference', faults: referenceFaults.filter(isFault) };
  }
  if (typeof target !== 'string') return 'kind' in target ? target : { kind: 'address', endpoint: target };
  const parsed = parseEndpoint(target);
  if (!parsed.ok) throw new TypeError(`target ${JSON.stringify(target)}: ${parsed.reason}`);
  return { kind: 'address', endpoint: parsed.endpoint };
}
