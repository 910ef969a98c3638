import type { DestinationAnswer } from '../echo/token-destination.js';
import type { ServerScript, SessionRecord } from '../reference/server-script.js';
import type { Level, SocksVersion } from './case.js';
import type { Check } from './outcome.js';

/** The values a client command's placeholders take for one case. */
export interface Placeholders {
  /** `127.0.0.1:PORT`: the scripted SOCKS server of the case. */
  readonly proxy: string;
  readonly proxy_host: string;
  readonly proxy_port: string;
  /** RFC 1929 credentials the scripted server accepts. */
  readonly user: string;
  readonly password: string;
  /** The destination: `127.0.0.1`, or the name or address of the case's `DestinationKind`. */
  readonly host: string;
  readonly port: string;
  /** The path of the case's page on the destination: `/case-…`. */
  readonly path: string;
  /** `http://HOST:PORT/PATH`: the case's destination, which answers with the case's token. */
  readonly url: string;
}

export const placeholderNames = [
  'proxy',
  'proxy_host',
  'proxy_port',
  'user',
  'password',
  'host',
  'port',
  'path',
  'url',
] as const satisfies readonly (keyof Placeholders)[];

/** How the client under test ended. */
export interface ClientExit {
  /** The exit code, or undefined when it was killed or could not start. */
  readonly code: number | undefined;
  readonly signal?: string;
  /** It was still running at the case's deadline and was killed. */
  readonly timedOut: boolean;
  /** It could not be started at all. */
  readonly spawnError?: string;
  /**
   * What of its output matched `--failure-output`: the client reported a failure that way (a browser exits 0
   * on a page that failed), whatever its exit code.
   */
  readonly failureOutput?: string;
}

/** Everything the harness saw of one run of the client: the verdict functions' input. */
export interface ClientRun {
  readonly placeholders: Placeholders;
  /** The version the client was declared to speak (`--socks-version`), the only clue when it sent nothing. */
  readonly socksVersion?: SocksVersion;
  /**
   * The connections the client opened to the scripted server that are judged, each with its typed events: every
   * one but those whose request named another destination than the case's.
   */
  readonly sessions: readonly SessionRecord[];
  /** What each connection that is not judged named (`host:port`): it was refused, a browser's background traffic. */
  readonly otherConnections: readonly string[];
  readonly exit: ClientExit;
  /** Whether the client printed the destination's per-case token: it received the destination's data. */
  readonly tokenReceived: boolean;
  /** The (at most 32) characters the client printed just before the token, when it printed the token. */
  readonly beforeToken?: string;
  /**
   * The (at most 32) characters the client printed just before the destination's answer (`HTTP/1.`), when it
   * printed the answer itself (a tunnel client): reply octets there were passed up as data.
   */
  readonly beforeResponse?: string;
  /** How the case's destination answered each connection that reached it. */
  readonly destinationAnswers: readonly DestinationAnswer[];
  /** The end of the client's stderr (bounded), for the report. */
  readonly stderrTail: string;
  /**
   * An interactive run (no `--exec`): a person pointed the client at the proxy, so its exit status and output
   * are not seen; checks that need them are left out (their kind is `interactive-unseen`).
   */
  readonly interactive?: boolean;
}

/** What a client case may vary besides the script: what `{host}` (and the host of `{url}`) is. */
export type DestinationKind =
  /** `127.0.0.1` */
  | 'address'
  /** `localhost` */
  | 'name'
  /** `::1` (`{url}`: `http://[::1]:PORT/…`) */
  | 'ipv6'
  /** `bücher.localhost`: a name that is not ASCII (RFC 6761 §6.3: under .localhost, never a DNS query) */
  | 'non-ascii-name'
  /** A 265-octet name under .localhost: longer than SOCKS5's length octet can count */
  | 'long-name';

/** The names of the destination kinds that are names other than `localhost`. */
export const NON_ASCII_NAME = 'bücher.localhost';
/** Four labels of 63 octets (`aaa…`, `bbb…`, `ccc…`, `ddd…`) and `.localhost`: 265 octets in all. */
export const LONG_NAME = `${['a', 'b', 'c', 'd'].map((letter) => letter.repeat(63)).join('.')}.localhost`;

/** RFC 1929 credentials of 128 to 255 octets, whose length octets have the high bit set. */
export const LONG_CREDENTIALS = {
  username: `socks-user-${'u'.repeat(189)}`,
  password: `long-password-${'p'.repeat(241)}`,
} as const;

/** A client case: the scripted server's answers as data, and a verdict over what the harness saw. */
export interface ClientCaseDefinition {
  /** Stable mnemonic id: `client/socks5/...`, `client/socks4/...`. */
  readonly id: string;
  /** Client-side clause ids of the catalogue; the first is the primary one. */
  readonly clauses: readonly [string, ...string[]];
  readonly level: Level;
  /** The protocol versions a client must speak for the case to apply; others make it SKIP. */
  readonly versions: readonly SocksVersion[];
  readonly title: string;
  readonly requirement: string;
  /** What `{host}` and the host of `{url}` are (default `address`: `127.0.0.1`). */
  readonly destination?: DestinationKind;
  /** RFC 1929 cases: SKIP when the command has no `{user}` placeholder (the client was given no credentials). */
  readonly needsCredentials?: boolean;
  /** `{user}` and `{password}` are `LONG_CREDENTIALS` instead of the run's own. */
  readonly longCredentials?: boolean;
  readonly script: ServerScript;
  /** How long the client may run (unscaled; default 10 s). */
  readonly deadlineMs?: number;
  verdict(run: ClientRun): Check | Check[];
  /**
   * The verdict when the client never connected to the proxy, for a case where not connecting can be the right
   * answer (refusing a destination). Without it, a client that never connected is an ERROR, or SKIP when the
   * case's destination is one a client may be unable to use (`ipv6`, `non-ascii-name`).
   */
  unconnected?(run: ClientRun): Check | Check[];
}

export interface ClientCaseGroup {
  readonly section: string;
  readonly file: string;
  readonly cases: readonly ClientCaseDefinition[];
}

export function defineClientCases(
  section: string,
  file: string,
  cases: ClientCaseDefinition[],
): ClientCaseGroup {
  return { section, file, cases };
}
