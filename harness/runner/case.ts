import type { EchoEndpoints } from '../echo/echo-network.js';
import type { TargetNames } from '../echo/names.js';
import type { Endpoint } from '../net/endpoint.js';
import type { TcpProbe } from '../net/tcp-probe.js';
import type { Capabilities } from './capabilities.js';
import type { Check } from './outcome.js';

export type Level = 'MUST' | 'SHOULD' | 'MAY' | 'FMT' | 'DESC' | 'INFO' | 'must(lc)' | 'should(lc)';
export type Role = 'server' | 'client';
export type SocksVersion = '4' | '4a' | '5';

/** What a case needs of the harness and target while it runs. */
export interface CaseContext {
  readonly target: Endpoint;
  readonly echo: EchoEndpoints;
  readonly names: TargetNames;
  readonly capabilities: Capabilities;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  /** A deadline in milliseconds, scaled by `--timeout-multiplier`. */
  ms(milliseconds: number): number;
  /** Opens a connection to the target; if the target cannot be reached the case ends as ERROR. */
  connect(): Promise<TcpProbe>;
}

/** A case: a declaration as data, and a short script that drives probes and returns its checks. */
export interface CaseDefinition {
  /** Stable mnemonic id, never renumbered. */
  readonly id: string;
  /** The clause ids of `clauses.md` the case checks; the first is its primary clause. */
  readonly clauses: readonly [string, ...string[]];
  readonly level: Level;
  readonly role: Role;
  readonly versions: readonly SocksVersion[];
  readonly title: string;
  /** The requirement, in our own words. */
  readonly requirement: string;
  /** How long the whole script may take before the case is an ERROR (unscaled; default 15 s). */
  readonly deadlineMs?: number;
  run(context: CaseContext): Promise<Check | Check[]>;
}

export interface CaseGroup {
  /** Spec section, e.g. `RFC 1928 §3`. */
  readonly section: string;
  readonly file: string;
  readonly cases: readonly CaseDefinition[];
}

export function defineCases(section: string, file: string, cases: CaseDefinition[]): CaseGroup {
  return { section, file, cases };
}
