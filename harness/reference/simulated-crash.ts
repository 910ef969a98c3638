import type { ReferenceConfig } from './config.js';

const crashed = new WeakSet<ReferenceConfig>();

/**
 * A mutant's crash, without ending the test process: from then on the server resets every new connection, as a
 * target whose process died would refuse it. Keyed by the server's config, so each server crashes alone.
 */
export function crash(config: ReferenceConfig): void {
  crashed.add(config);
}

export function hasCrashed(config: ReferenceConfig): boolean {
  return crashed.has(config);
}
