import type { ServerRun } from '../engine/server/run-suite.js';
import type { Feature, SocksVersion } from '../model/case.js';
import type { TargetSpec } from '../target/target.js';

export type Credentials = { readonly username: string; readonly password: string };

/**
 * Everything that sets up a server run, the same for the CLI, the API, the vitest helper and the fuzzer: the
 * CLI maps its flags to it, the others take it as it is. Defaults are declared once, in `runDefaults`.
 */
export interface RunOptions
  extends Pick<ServerRun, 'only' | 'exclude' | 'jobs' | 'shard' | 'repeat' | 'profile'> {
  /** The server under test; default: the built-in reference server. */
  readonly target: TargetSpec;
  /** RFC 1929 credentials; default: none, or the built-in reference server's own account. */
  readonly credentials?: Credentials;
  /** Optional features the target must have (`--expect`): a case that finds one absent fails. */
  readonly expect: readonly Feature[];
  /** A second address of this host, the source of traffic the target must refuse (`--alt-source`). */
  readonly altSource: string;
  /** The address of this host the target reaches the echo network at (`--echo-host`; default 127.0.0.1). */
  readonly echoHost?: string;
  /** Scales every deadline. */
  readonly timeoutMultiplier: number;
  /** A violated SHOULD (WARN) counts as FAIL. */
  readonly strict: boolean;
  /** The SOCKS versions to test (a target URL's scheme names them); absent: every version. */
  readonly versions?: readonly SocksVersion[];
}

export const runDefaults = {
  target: { kind: 'reference', faults: [] },
  only: [],
  exclude: [],
  expect: [],
  altSource: '127.0.0.2',
  jobs: 'auto',
  timeoutMultiplier: 1,
  strict: false,
  repeat: 1,
  profile: 'default',
} as const satisfies Omit<RunOptions, 'credentials' | 'echoHost' | 'shard' | 'versions'>;

/** What a fuzz campaign takes unless told otherwise. */
export const fuzzDefaults = {
  /** Cases at once: enough to keep the campaign's own process busy on 2 cores. */
  jobs: 16,
  /** Bound of the probe after each case that the target still answers, unscaled. */
  probeTimeoutMs: 2000,
} as const;

/** Bound of the probes that set a run up (the sanity and capability probes), unscaled. */
export const SETUP_PROBE_MS = 3000;

/** The options given, with the defaults for the rest. */
export function runOptions(given: Partial<RunOptions> = {}): RunOptions {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...runDefaults, ...defined } as RunOptions;
}
