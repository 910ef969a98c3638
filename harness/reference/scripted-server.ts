import net from 'node:net';
import type { Endpoint } from '../net/endpoint.js';
import { TcpProbe } from '../net/tcp-probe.js';
import type { Trace } from '../net/trace.js';
import { decoded, needMore } from '../wire/decode-result.js';
import type { CaseDestination } from './case-destination.js';
import { runSocks4Session } from './scripted-socks4.js';
import { runSocks5Session } from './scripted-socks5.js';
import type { ScriptedConnection, SessionTimes } from './scripted-steps.js';
import type { ServerScript, SessionRecord, WireEvent } from './server-script.js';

export interface ScriptedServerOptions {
  readonly script: ServerScript;
  readonly trace: Trace;
  /** Where a granted request is relayed to (a loopback endpoint of the echo network). */
  readonly destination: Endpoint;
  readonly times: SessionTimes;
  readonly host?: string;
  /** What the UDP relay of a UDP ASSOCIATE answers each datagram with (default: nothing). */
  readonly udpAnswer?: Buffer;
  /** Told the local endpoint of each relay connection to `destination`, before any octet goes on it. */
  readonly onRelayOpened?: (local: Endpoint) => void;
  /** The destination the case sends its client to: a CONNECT naming another one is refused and not judged. */
  readonly caseDestination?: CaseDestination;
}

export interface ScriptedServer {
  readonly endpoint: Endpoint;
  /** The connections so far, each with the events seen on it. */
  sessions(): SessionRecord[];
  /** Waits until every session has ended, at most `ms`. */
  settle(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connections served per case; a client that opens more is refused (closed at once), which bounds the work. A
 * browser opens several besides the case's own (Chromium: clients2, accounts and www.google.com).
 */
const MAX_SESSIONS = 16;

/** The first octet without consuming it: 5 is SOCKS5, 4 SOCKS4 or 4A. */
const peekVersion = (buffer: Uint8Array) => (buffer.length > 0 ? decoded(buffer[0]!, 0) : needMore);

async function serve(connection: ScriptedConnection, script: ServerScript): Promise<void> {
  const first = await connection.probe.read(peekVersion, connection.times.readMs);
  if (first.kind !== 'decoded') {
    connection.events.push({
      type: 'incomplete',
      phase: 'greeting',
      how: first.kind === 'closed' ? first.how : first.kind === 'timeout' ? 'timeout' : 'malformed',
      reason:
        first.kind === 'timeout' ? `the client sent nothing within ${first.waitedMs} ms` : 'closed at once',
      bytes: first.bytes,
    });
    return;
  }
  connection.events.push({ type: 'first-octet', version: first.value });
  if (first.value === 4 && script.socks4) return runSocks4Session(connection, script.socks4);
  if (first.value !== 4 && script.socks5) return runSocks5Session(connection, script.socks5);
  // The case is for the other version: nothing to answer; the case reports it as not applicable.
}

/**
 * The scripted SOCKS server of a client case: on its own loopback port, it answers each connection as the case's
 * script says and records typed events of what the client did. Every step is bounded by `times`.
 */
export function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const records: { index: number; events: WireEvent[] }[] = [];
  const running = new Set<Promise<void>>();
  const probes: TcpProbe[] = [];
  const server = net.createServer({ allowHalfOpen: true });
  server.on('connection', (socket) => {
    socket.on('error', () => {});
    if (records.length >= MAX_SESSIONS) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const index = records.length + 1;
    const probe = new TcpProbe(socket, { trace: options.trace, conn: `s${index}` });
    probes.push(probe);
    const record = { index, events: [] as WireEvent[] };
    records.push(record);
    const connection: ScriptedConnection = {
      probe,
      events: record.events,
      times: options.times,
      chunking: options.script.chunking ?? 'whole',
      destination: options.destination,
      proxy: { host: options.host ?? '127.0.0.1', port: (server.address() as net.AddressInfo).port },
      udpAnswer: options.udpAnswer ?? Buffer.alloc(0),
      onRelayOpened: options.onRelayOpened,
      ...(options.caseDestination ? { caseDestination: options.caseDestination } : {}),
      note: (text) => options.trace.record({ type: 'note', conn: `s${index}`, text }),
    };
    const session = serve(connection, options.script)
      .catch((error: unknown) => {
        options.trace.record({ type: 'note', conn: `s${index}`, text: `scripted server: ${String(error)}` });
      })
      .finally(() => {
        probe.destroy();
        running.delete(session);
      });
    running.add(session);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      const { port } = server.address() as net.AddressInfo;
      resolve({
        endpoint: { host: options.host ?? '127.0.0.1', port },
        sessions: () => records.map((r) => ({ index: r.index, events: [...r.events] })),
        settle: async (ms) => {
          let timer: NodeJS.Timeout | undefined;
          const limit = new Promise<void>((done) => {
            timer = setTimeout(done, ms);
          });
          await Promise.race([Promise.all([...running]), limit]);
          clearTimeout(timer);
        },
        close: async () => {
          for (const probe of probes) probe.destroy();
          await new Promise<void>((done) => {
            const timer = setTimeout(done, 2000);
            server.close(() => {
              clearTimeout(timer);
              done();
            });
          });
        },
      });
    });
  });
}
