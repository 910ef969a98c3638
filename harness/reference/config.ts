import type { Address } from '../wire/address.js';
import { Method } from '../wire/constants.js';
import type { Fault } from './faults.js';

/**
 * A rule of the server's ruleset that refuses requests with a code the spec defines for it: SOCKS5 requests of
 * `command` and/or address type `addressType` get REP `reply`; with `socks4` every SOCKS4 and SOCKS4A request
 * gets CD 91. A server that refuses so is conformant: it is how the suite proves that such a refusal is never
 * read as a failure.
 */
export type PolicyRule =
  | {
      readonly command?: number;
      readonly addressType?: Address['type'];
      readonly reply: number;
    }
  | { readonly socks4: 'rejected' };

export interface ReferenceConfig {
  readonly host: string;
  readonly port: number;
  /** Methods the server accepts, in its order of preference. */
  readonly methods: readonly number[];
  readonly users: Readonly<Record<string, string>>;
  readonly faults: ReadonlySet<Fault>;
  /** Bound on a client's negotiation (greeting to request) before the server gives up. */
  readonly negotiationTimeoutMs: number;
  /** Bound on the outbound connection of a CONNECT. */
  readonly connectTimeoutMs: number;
  /** Destination ports a ruleset forbids: a CONNECT to one is refused with REP 02 (RFC 1928 §6). */
  readonly deniedPorts: readonly number[];
  /** Requests the ruleset refuses (see `PolicyRule`); the first rule that matches decides. */
  readonly policy: readonly PolicyRule[];
  /**
   * RFC 1928 §7 fragments: `reassemble` joins a sequence and forwards it once; `drop` ("no fragmentation")
   * drops every datagram whose FRAG is not 0. Fragments are never forwarded one by one.
   */
  readonly fragmentation: 'reassemble' | 'drop';
  /** The reassembly timer; values under the 5 s that RFC 1928 §7 demands are raised to 5 s. */
  readonly reassemblyTimeoutMs: number;
  /** Bound on a BIND's wait for the inbound connection, after which the second reply reports the failure. */
  readonly bindTimeoutMs: number;
}

/** The account the reference server accepts unless told otherwise, and the harness uses against it. */
export const referenceCredentials = { username: 'socks', password: 'conformance' } as const;

export const defaultUsers: Readonly<Record<string, string>> = {
  [referenceCredentials.username]: referenceCredentials.password,
};

export function referenceConfig(overrides: Partial<ReferenceConfig> = {}): ReferenceConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    methods: [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI],
    users: defaultUsers,
    faults: new Set(),
    negotiationTimeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    deniedPorts: [],
    policy: [],
    fragmentation: 'reassemble',
    reassemblyTimeoutMs: 5_000,
    bindTimeoutMs: 30_000,
    ...overrides,
  };
}
