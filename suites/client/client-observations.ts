import type { ClientRun } from '../../harness/model/client-case.js';
import { formatHex, formatHexBrief } from '../../harness/net/hexdump.js';
import type { SessionRecord, Window, WireEvent } from '../../harness/reference/server-script.js';

type EventOf<T extends WireEvent['type']> = Extract<WireEvent, { type: T }>;

/**
 * The first judged connection's events (the one every case judges; later ones are retries). Connections whose
 * request named another destination are not among them (see `ClientRun.otherConnections`).
 */
export function firstSession(run: ClientRun): readonly WireEvent[] {
  return run.sessions[0]?.events ?? [];
}

export function find<T extends WireEvent['type']>(
  events: readonly WireEvent[],
  type: T,
): EventOf<T> | undefined {
  return events.find((e): e is EventOf<T> => e.type === type);
}

/** What the client sent in `window`, and whether it closed. */
export function inWindow(events: readonly WireEvent[], window: Window) {
  return {
    data: events.find((e): e is EventOf<'client-data'> => e.type === 'client-data' && e.window === window),
    close: events.find((e): e is EventOf<'client-close'> => e.type === 'client-close' && e.window === window),
    open: events.find((e): e is EventOf<'client-open'> => e.type === 'client-open' && e.window === window),
  };
}

function preview(bytes: Buffer): string {
  return `${bytes.length} octets (${formatHexBrief(bytes, 16)})`;
}

function describeEvent(e: WireEvent): string {
  switch (e.type) {
    case 'first-octet':
      return `first octet ${e.version}`;
    case 'greeting':
    case 'auth':
    case 'gssapi':
    case 'request':
    case 'socks4-request':
      return `${e.type} ${formatHex(e.bytes)}`.replace(/^(auth .{0,12}).*$/, '$1…');
    case 'incomplete':
      return `${e.phase} incomplete (${e.reason}) after ${preview(e.bytes)}`;
    case 'sent':
      return `server sent ${e.what}`;
    case 'client-data':
      return `client sent ${preview(e.bytes)} ${e.window}`;
    case 'client-close':
      return `client closed (${e.how}) ${e.window}`;
    case 'client-open':
      return `client still open ${e.window} after ${e.waitedMs} ms`;
    case 'other-connection':
      return `other connection (CONNECT to ${e.named}), refused, not judged`;
    case 'relayed':
      return `relayed ${e.toDestination} octets to the destination, ${e.fromDestination} back`;
    case 'udp-relay':
      return `UDP relay at ${e.host}:${e.port} (BND)`;
    case 'udp-datagram':
      return `datagram from ${e.from} at ${e.at === 'bnd' ? 'BND' : e.at === 'tcp-endpoint' ? 'the TCP endpoint' : 'BND.PORT on the TCP address'}: ${preview(e.bytes)}`;
  }
}

export function describeSession(session: SessionRecord | undefined): string {
  if (!session) return 'no connection';
  return session.events.map(describeEvent).join('; ');
}

export function describeExit(run: ClientRun): string {
  const { exit } = run;
  if (run.interactive)
    return exit.timedOut ? `interactive: ${run.stderrTail}` : "interactive: the client's output is not seen";
  const how = exit.spawnError
    ? `could not start (${exit.spawnError})`
    : exit.timedOut
      ? 'killed at the deadline'
      : exit.code === undefined
        ? `ended by ${exit.signal ?? 'a signal'}`
        : `exited ${exit.code}`;
  const reported =
    exit.failureOutput !== undefined ? ` and printed a failure (${JSON.stringify(exit.failureOutput)})` : '';
  return `client ${how}${reported}, ${run.tokenReceived ? 'printed' : 'did not print'} the destination's token`;
}

/** How many connections reached the destination other than through the scripted server's relay. */
export function reachedAround(run: ClientRun): number {
  return run.destinationAnswers.filter((a) => !a.admitted).length;
}

/** The whole run in one line: the first judged connection's events, then how the client ended. */
export function describeRun(run: ClientRun): string {
  const more = run.sessions.length > 1 ? ` (+${run.sessions.length - 1} more connection(s))` : '';
  const others = run.otherConnections.length;
  const other =
    others > 0
      ? ` (${others} other connection(s), refused and not judged: ${run.otherConnections.join(', ')})`
      : '';
  const around = reachedAround(run);
  const direct = around > 0 ? `; ${around} connection(s) reached the destination without the proxy` : '';
  return `${describeSession(run.sessions[0])}${more}${other}${direct}; ${describeExit(run)}`;
}

/** The client ended by itself with status 0 and printed no failure (`--failure-output`): it reported success. */
export function exitedZero(run: ClientRun): boolean {
  return run.exit.code === 0 && !run.exit.timedOut && run.exit.failureOutput === undefined;
}

/**
 * The client ended by itself, before the deadline, and reported a failure: a status other than 0, or output
 * matching `--failure-output` (a browser exits 0 on a page that failed).
 */
export function exitedNonZero(run: ClientRun): boolean {
  if (run.exit.code === undefined || run.exit.timedOut) return false;
  return run.exit.code !== 0 || run.exit.failureOutput !== undefined;
}

/**
 * How many of the reply's last octets the client printed just before the destination's answer (0, or at least
 * 2: one octet could be the client's own), which it can only have done by passing them up as data.
 */
export function replyOctetsInOutput(run: ClientRun, reply: Buffer): number {
  const before = run.beforeResponse ?? '';
  for (let k = Math.min(reply.length, before.length); k >= 2; k -= 1)
    if (before.endsWith(reply.subarray(-k).toString('latin1'))) return k;
  return 0;
}
