import { bindFaults } from './faults/bind.js';
import { fuzzFaults } from './faults/fuzz.js';
import { gssapiFaults } from './faults/gssapi.js';
import { negotiationFaults } from './faults/negotiation.js';
import { requestsFaults } from './faults/requests.js';
import { authFaults } from './faults/rfc1929.js';
import { socks4Faults } from './faults/socks4.js';
import { udpFaults } from './faults/udp.js';

/**
 * Fault switches: each turns the reference server into a mutant that breaks exactly one clause, so that every
 * check can be shown to fail on an implementation that gets that clause wrong. Each entry names the clause it
 * breaks and what the server then does.
 */
export const faultCatalogue = {
  ...negotiationFaults,
  ...authFaults,
  ...gssapiFaults,
  ...requestsFaults,
  ...bindFaults,
  ...udpFaults,
  ...socks4Faults,
  ...fuzzFaults,
} as const;

export type Fault = keyof typeof faultCatalogue;

export interface FaultDescription {
  readonly clause: string;
  readonly does: string;
}

export function isFault(name: string): name is Fault {
  return Object.hasOwn(faultCatalogue, name);
}
