import type { ReferenceConfig } from './config.js';
import type { Fault } from './faults.js';

export type SharedPhase = 'greeting' | 'auth' | 'request';

/** The fault that makes a phase's parse state the server's, not the connection's. */
export const sharedStateFaults: Readonly<Record<SharedPhase, Fault>> = {
  greeting: 'greeting-state-shared',
  auth: 'auth-state-shared',
  request: 'request-state-shared',
};

/** The octets of a message not yet complete, and the connection whose octets began it. */
interface Partial {
  bytes: Buffer;
  owner: object | undefined;
}

const servers = new WeakMap<ReferenceConfig, Map<SharedPhase, Partial>>();

/**
 * The mutants whose parser keeps one partial message per server instead of one per connection (npm socksv5
 * 0.0.6 keeps the RFC 1929 UNAME and PASSWD it is reading per server). A connection's octets of `phase` are
 * added to the server's partial message, whoever began it; the connection whose octets complete a message gets
 * it (and what followed it in its read), and the next message starts afresh. Octets of one connection alone
 * parse as they would per connection; interleaved ones are read as one message.
 */
export function partialOf(config: ReferenceConfig, phase: SharedPhase): Partial {
  let phases = servers.get(config);
  if (!phases) {
    phases = new Map();
    servers.set(config, phases);
  }
  let partial = phases.get(phase);
  if (!partial) {
    partial = { bytes: Buffer.alloc(0), owner: undefined };
    phases.set(phase, partial);
  }
  return partial;
}

/** A connection that ends takes its unfinished message with it. */
export function forgetOwner(config: ReferenceConfig, owner: object): void {
  for (const partial of servers.get(config)?.values() ?? []) {
    if (partial.owner === owner) {
      partial.bytes = Buffer.alloc(0);
      partial.owner = undefined;
    }
  }
}
