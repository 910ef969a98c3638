import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../net/endpoint.js';
import { BoundedRing } from './bounded-ring.js';
import { closeWithin } from './close-within.js';

/** An accepted connection: who connected, to which of our servers, and when (`performance.now()`). */
export interface SeenConnection {
  from: { address: string; port: number };
  to: Endpoint;
  at: number;
}

export interface TcpServer {
  readonly endpoint: Endpoint;
  connectionsSeen(): SeenConnection[];
  close(): Promise<void>;
}

const SEEN_CAPACITY = 1000;
const CLOSE_DEADLINE_MS = 2000;

/**
 * A TCP server on `host` (on `port`, by default an ephemeral one) that keeps half-open connections open,
 * remembers who connected, and on close destroys every live connection.
 */
export function startTcpServer(
  host: string,
  onConnection: (socket: net.Socket, seen: SeenConnection) => void,
  port = 0,
): Promise<TcpServer> {
  const seen = new BoundedRing<SeenConnection>(SEEN_CAPACITY);
  const live = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      const address = server.address() as net.AddressInfo;
      const endpoint = { host, port: address.port };
      server.on('connection', (socket) => {
        socket.on('error', () => {});
        live.add(socket);
        socket.once('close', () => live.delete(socket));
        const connection = {
          from: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
          to: endpoint,
          at: performance.now(),
        };
        seen.push(connection);
        onConnection(socket, connection);
      });
      resolve({
        endpoint,
        connectionsSeen: () => seen.toArray(),
        close: () => {
          for (const socket of live) socket.destroy();
          live.clear();
          return closeWithin(new Promise((done) => server.close(done)), CLOSE_DEADLINE_MS);
        },
      });
    });
  });
}

/**
 * Echoes every byte back. When the client half-closes, the echo finishes echoing and then half-closes too.
 * Buffering is bounded: reading pauses while the client does not take the echoed bytes.
 */
export function echoBack(socket: net.Socket): void {
  socket.pipe(socket);
}
