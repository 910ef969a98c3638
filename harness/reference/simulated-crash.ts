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

const wedged = new WeakSet<ReferenceConfig>();

/** A mutant's wedge: from then on the server answers no greeting, as a target stuck in a loop would. */
export function wedge(config: ReferenceConfig): void {
  wedged.add(config);
}

export function hasWedged(config: ReferenceConfig): boolean {
  return wedged.has(config);
}
