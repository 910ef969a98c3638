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
  /** The destination: `127.0.0.1`, `localhost` in the cases about names, `::1` in the IPv6 ones. */
  readonly host: string;
  readonly port: string;
  /** `http://HOST:PORT/PATH`: the HTTP responder, which answers with the case's token. */
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
}

/** Everything the harness saw of one run of the client: the verdict functions' input. */
export interface ClientRun {
  readonly placeholders: Placeholders;
  /** The connections the client opened to the scripted server, each with its typed events. */
  readonly sessions: readonly SessionRecord[];
  readonly exit: ClientExit;
  /** Whether the client printed the destination's per-case token: it received the destination's data. */
  readonly tokenReceived: boolean;
  /** The (at most 32) characters the client printed just before the token, when it printed the token. */
  readonly beforeToken?: string;
  /** How many GETs of the case's page reached the HTTP responder. */
  readonly destinationHits: number;
  /** The end of the client's stderr (bounded), for the report. */
  readonly stderrTail: string;
  /**
   * An interactive run (no `--exec`): a person pointed the client at the proxy, so its exit status and output
   * are not seen; checks that need them are left out (see `INTERACTIVE_UNSEEN`).
   */
  readonly interactive?: boolean;
}

/** The `matched` text of a check an interactive run cannot make; dropped when the case made other checks. */
export const INTERACTIVE_UNSEEN = 'interactive run: what the client showed and how it ended are not seen';

/** What a client case may vary besides the script. */
export type DestinationKind = 'address' | 'name' | 'ipv6';

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
  /** `{host}` and `{url}` name `127.0.0.1` (default), `localhost` or `::1` (`{url}`: `http://[::1]:PORT/…`). */
  readonly destination?: DestinationKind;
  /** RFC 1929 cases: SKIP when the command has no `{user}` placeholder (the client was given no credentials). */
  readonly needsCredentials?: boolean;
  readonly script: ServerScript;
  /** How long the client may run (unscaled; default 10 s). */
  readonly deadlineMs?: number;
  verdict(run: ClientRun): Check | Check[];
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
