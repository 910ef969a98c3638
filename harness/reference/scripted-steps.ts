import net from 'node:net';
import type { Endpoint } from '../net/endpoint.js';
import type { TcpProbe } from '../net/tcp-probe.js';
import { deadline as expireIn } from '../net/timers.js';
import type { Decoder } from '../wire/decode-result.js';
import { type CaseDestination, namesCaseDestination } from './case-destination.js';
import type { MessagePhase, SentMessage, ServerChunking, Window, WireEvent } from './server-script.js';

/** The deadlines of a scripted session, already scaled by `--timeout-multiplier`. */
export interface SessionTimes {
  /** How long the server waits for each client message. */
  readonly readMs: number;
  /** How long it watches the client after a message that ends the exchange. */
  readonly observeMs: number;
  /** How long a relay may last. */
  readonly relayMs: number;
}

/** One connection of the scripted server: the probe over the accepted socket and the events seen on it. */
export interface ScriptedConnection {
  readonly probe: TcpProbe;
  readonly events: WireEvent[];
  readonly times: SessionTimes;
  readonly chunking: ServerChunking;
  readonly destination: Endpoint;
  /** The scripted server's own TCP endpoint. */
  readonly proxy: Endpoint;
  /** What the UDP relay answers a client's datagram with (the case's token). */
  readonly udpAnswer: Buffer;
  /** Told the local endpoint of each relay connection to the destination, before any octet goes on it. */
  readonly onRelayOpened?: (local: Endpoint) => void;
  /** The destination the case sends its client to: a CONNECT naming another one is refused and not judged. */
  readonly caseDestination?: CaseDestination;
  /** Adds a note about this connection to the trace. */
  readonly note: (text: string) => void;
}

type Decoded<T> = { value: T; bytes: Buffer };

/** Reads one client message; anything but a whole message is recorded as `incomplete` and gives undefined. */
export async function readMessage<T>(
  c: ScriptedConnection,
  phase: MessagePhase,
  decode: Decoder<T>,
): Promise<Decoded<T> | undefined> {
  const read = await c.probe.read(decode, c.times.readMs);
  if (read.kind === 'decoded') return { value: read.value, bytes: read.bytes };
  if (read.kind === 'malformed')
    c.events.push({ type: 'incomplete', phase, how: 'malformed', reason: read.reason, bytes: read.bytes });
  else if (read.kind === 'closed')
    c.events.push({
      type: 'incomplete',
      phase,
      how: read.how,
      reason: `closed (${read.how})`,
      bytes: read.bytes,
    });
  else if (read.kind === 'timeout')
    c.events.push({
      type: 'incomplete',
      phase,
      how: 'timeout',
      reason: `no whole message within ${read.waitedMs} ms`,
      bytes: read.bytes,
    });
  else
    c.events.push({
      type: 'incomplete',
      phase,
      how: 'overflow',
      reason: 'too many octets',
      bytes: read.bytes,
    });
  return undefined;
}

export async function sendMessage(c: ScriptedConnection, what: SentMessage, bytes: Buffer): Promise<void> {
  c.events.push({ type: 'sent', what });
  await c.probe.send(bytes, c.chunking);
}

/**
 * Refuses a CONNECT that names another destination than the case's (a browser's background connection) with
 * `refusal` and closes; true when it did so. The connection is recorded as another one, and not judged.
 */
export async function refusedAsOther(
  c: ScriptedConnection,
  host: string,
  port: number,
  refusal: Buffer,
): Promise<boolean> {
  if (!c.caseDestination || namesCaseDestination(c.caseDestination, host, port)) return false;
  const named = `${host.includes(':') ? `[${host}]` : JSON.stringify(host).slice(1, -1)}:${port}`;
  c.events.push({ type: 'other-connection', named });
  c.note(`other connection, not judged: CONNECT to ${named}, refused`);
  await c.probe.send(refusal);
  c.probe.endWrite();
  return true;
}

/** Watches the client for `observeMs`: what it sends, and whether it closes. */
export async function observeClient(c: ScriptedConnection, window: Window): Promise<void> {
  const result = await c.probe.awaitClose(c.times.observeMs);
  if (result.bytes.length > 0) c.events.push({ type: 'client-data', window, bytes: result.bytes });
  if (result.kind === 'closed')
    c.events.push({ type: 'client-close', window, how: result.how, afterMs: result.afterMs });
  else c.events.push({ type: 'client-open', window, waitedMs: result.waitedMs });
}

/** How long a reply sent in pieces holds its last octet back, watching for data the client sends too soon. */
const LAST_OCTET_HOLD_MS = 100;

/**
 * Sends the reply. Cut into pieces (not `whole`), its last octet is held back `LAST_OCTET_HOLD_MS` first: what
 * the client sends before it goes (`during-reply`) was sent before the reply was whole, and is returned, to be
 * relayed if the reply grants.
 */
export async function sendReply(c: ScriptedConnection, reply: Buffer): Promise<Buffer> {
  if (c.chunking === 'whole' || reply.length < 2) {
    await sendMessage(c, 'reply', reply);
    return Buffer.alloc(0);
  }
  c.events.push({ type: 'sent', what: 'reply' });
  await c.probe.send(reply.subarray(0, -1), c.chunking);
  const early = await watchBefore(c, 'during-reply', LAST_OCTET_HOLD_MS);
  await c.probe.send(reply.subarray(-1));
  return early;
}

/** Waits `ms` before an answer, keeping what the client sends meanwhile (before a reply, it is relayed if the reply grants). */
export async function watchBefore(
  c: ScriptedConnection,
  window: 'before-selection' | 'before-reply' | 'during-reply',
  ms: number,
): Promise<Buffer> {
  const result = await c.probe.expectSilence(ms);
  if (result.kind === 'silence') return Buffer.alloc(0);
  if (result.bytes.length > 0) c.events.push({ type: 'client-data', window, bytes: result.bytes });
  if (result.kind === 'closed') c.events.push({ type: 'client-close', window, how: result.how, afterMs: 0 });
  return result.bytes;
}

/** How long a relay whose client has gone lets its connection to the destination finish opening. */
const OPEN_WAIT_MS = 1000;

/**
 * Waits, at most `ms`, for a connection being opened to open or fail. A relay connection destroyed before its
 * `connect` event may still have reached the destination, which then sees a peer the relay never announced and
 * counts it as a fetch around the proxy (a client that resets at once after the reply did so).
 */
function openedOrFailed(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = expireIn(ms, resolve);
    const done = () => {
      timer.clear();
      resolve();
    };
    socket.once('connect', done);
    socket.once('error', done);
  });
}

/**
 * Relays between the client and the destination until both directions have ended or `relayMs` passes. A FIN
 * ends one direction only, as TCP's half-close does: the client's FIN goes on to the destination, which may
 * still answer (a tunnel client with nothing to send half-closes at once), and the destination's FIN goes on
 * to the client, which may still send. Only the case's destination is ever dialled (a loopback endpoint of
 * the echo network), whatever the client asked for: the request itself is an event the case judges.
 */
export async function relay(c: ScriptedConnection, early: Buffer): Promise<void> {
  const deadline = performance.now() + c.times.relayMs;
  let toDestination = 0;
  let fromDestination = 0;
  const upstream = net.connect({ host: c.destination.host, port: c.destination.port, allowHalfOpen: true });
  upstream.once('connect', () =>
    c.onRelayOpened?.({ host: upstream.localAddress ?? '', port: upstream.localPort ?? 0 }),
  );
  const destinationDone = new Promise<void>((resolve) => upstream.once('close', () => resolve()));
  upstream.on('error', () => c.probe.endWrite());
  upstream.on('data', (chunk: Buffer) => {
    fromDestination += chunk.length;
    void c.probe.send(chunk);
  });
  upstream.on('end', () => c.probe.endWrite());
  const forward = (bytes: Buffer) => {
    toDestination += bytes.length;
    if (bytes.length > 0 && !upstream.destroyed) upstream.write(bytes);
  };
  forward(early);
  try {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      const read = await c.probe.readAvailable(left);
      if (read.kind === 'decoded') {
        forward(read.bytes);
        continue;
      }
      if (read.kind === 'closed') {
        forward(read.bytes);
        c.events.push({ type: 'client-close', window: 'after-reply', how: read.how, afterMs: 0 });
        if (read.how === 'fin') {
          upstream.end();
          let timer: ReturnType<typeof expireIn> | undefined;
          await Promise.race([
            destinationDone,
            new Promise<void>((resolve) => {
              timer = expireIn(deadline - performance.now(), resolve);
            }),
          ]);
          timer?.clear();
        }
      }
      break;
    }
  } finally {
    if (upstream.connecting) await openedOrFailed(upstream, OPEN_WAIT_MS);
    upstream.destroy();
    c.events.push({ type: 'relayed', toDestination, fromDestination });
  }
}
