import type { CaseListener } from '../echo/case-listener.js';
import type { EchoEndpoints } from '../echo/echo-network.js';
import type { TargetNames } from '../echo/names.js';
import type { Endpoint } from '../net/endpoint.js';
import type { TcpOpenResult, TcpProbe } from '../net/tcp-probe.js';
import type { Trace } from '../net/trace.js';
import type { UdpProbe } from '../net/udp-probe.js';
import type { Capabilities, ProbedCapability } from './capabilities.js';
import type { Level } from './level.js';
import type { Check } from './outcome.js';

export type { CaseListener } from '../echo/case-listener.js';
export type { SeenConnection } from '../echo/tcp-server.js';

export type { Level } from './level.js';
export type Role = 'server' | 'client';
export type SocksVersion = '4' | '4a' | '5';

/**
 * How the client side of a case writes its protocol messages: each message in one write, every octet in its own
 * write, or the messages a client may pipeline (greeting and request, credentials and request) in one write.
 */
export type ClientSegmentation = 'whole' | 'bytewise' | 'coalesced';

/** Optional features; with `--expect FEATURE` a target that lacks one fails the cases that need it. */
export const features = ['bind', 'udp', 'userpass', 'gssapi', 'ipv6', 'names', 'socks4', 'socks4a'] as const;
export type Feature = (typeof features)[number];

/** What a case needs of the harness and target while it runs. */
export interface CaseContext {
  readonly target: Endpoint;
  readonly echo: EchoEndpoints;
  readonly names: TargetNames;
  readonly capabilities: Capabilities;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  /** A second address of this host, the source of datagrams and peers the target must refuse. */
  readonly altSource: string;
  /** How this run of the case writes the client's messages (see `segmentationVariants`). */
  readonly segmentation: ClientSegmentation;
  /** A deadline in milliseconds, scaled by `--timeout-multiplier`. */
  ms(milliseconds: number): number;
  /**
   * The case's trace, for probes a script opens itself (a fuzz input replayed by `deliver`), so that their
   * conversation is in the report with the rest. The connections opened below are named c1, c2, …; give others
   * names of their own.
   */
  readonly trace: Trace;
  /** Opens a connection to the target; if the target cannot be reached the case ends as ERROR. */
  connect(): Promise<TcpProbe>;
  /**
   * Opens a connection from this host to `to` (e.g. a BIND address the target named), from the source address
   * `from` if given: the BIND peer. It is traced and closed with the case; a failure to connect is a result.
   */
  connectPeer(to: Endpoint, from?: string): Promise<TcpOpenResult>;
  /**
   * Binds a UDP socket on this host (on `localAddress` if given): a UDP ASSOCIATE client or a destination the
   * target relays to. It is traced and closed with the case; it rejects only when the local bind fails.
   */
  openUdp(family: 4 | 6, localAddress?: string): Promise<UdpProbe>;
  /**
   * Opens a TCP echo of this case alone on the echo network's host (IPv4, and IPv6 on the same port where the
   * echo network has IPv6): a destination no other case names, so every connection it accepts came from this
   * case's requests, whatever the target replied. Each accept is traced; it is closed with the case.
   */
  openListener(): Promise<CaseListener>;
  /**
   * Adds a check to the case's result beside those its script returns: what support code saw of an exchange the
   * case depends on (a pipelined request the target lost and answered when sent again) while the case goes on.
   */
  addCheck(check: Check): void;
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
  /**
   * How long the case waits by design (a timer the spec imposes), unscaled: the scheduler starts such cases
   * first so that their wait overlaps the rest of the run. Used only for ordering; reports keep declared order.
   */
  readonly expectedMs?: number;
  /** The optional feature the case needs; it reports UNSUPPORTED when the target refuses it. */
  readonly feature?: Feature;
  /**
   * Set where a PASS means the target served what the capability probe asks for (REP 00, then the relay): the
   * capability line then says yes on the case's evidence, whatever the probe's own request got.
   */
  readonly proves?: ProbedCapability;
  /**
   * For a case that expects success: also run it with the client's octets written one at a time
   * (`<id>/bytewise`) and with pipelined messages in one write (`<id>/coalesced`), where real servers break.
   */
  readonly segmentationVariants?: boolean;
  /**
   * The case itself writes a message in pieces (a greeting one octet at a time): like a bytewise variant, a
   * verdict other than FAIL is confirmed by a run that holds the pieces further apart.
   */
  readonly splitsMessages?: boolean;
  /** Set on the variants `defineCases` derives; absent means `whole`. */
  readonly segmentation?: ClientSegmentation;
  run(context: CaseContext): Promise<Check | Check[]>;
}

export interface CaseGroup {
  /** Spec section, e.g. `RFC 1928 §3`. */
  readonly section: string;
  readonly file: string;
  readonly cases: readonly CaseDefinition[];
}

const variantTitles: Record<Exclude<ClientSegmentation, 'whole'>, string> = {
  bytewise: 'client octets written one at a time',
  coalesced: 'pipelined client messages in one write',
};

function withVariants(definition: CaseDefinition): CaseDefinition[] {
  if (!definition.segmentationVariants) return [definition];
  const variants = (['bytewise', 'coalesced'] as const).map((segmentation) => ({
    ...definition,
    id: `${definition.id}/${segmentation}`,
    title: `${definition.title} (${variantTitles[segmentation]})`,
    segmentation,
  }));
  return [definition, ...variants];
}

export function defineCases(section: string, file: string, cases: CaseDefinition[]): CaseGroup {
  return { section, file, cases: cases.flatMap(withVariants) };
}
