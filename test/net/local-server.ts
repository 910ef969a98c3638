import net from 'node:net';

/** A loopback TCP server for tests that hands over each accepted socket (server side). */
export interface LocalServer {
  readonly host: string;
  readonly port: number;
  /** The next accepted socket; rejects after `timeoutMs`. */
  accepted(timeoutMs?: number): Promise<net.Socket>;
  close(): Promise<void>;
}

export function startLocalServer(host = '127.0.0.1'): Promise<LocalServer> {
  const waiting: ((socket: net.Socket) => void)[] = [];
  const ready: net.Socket[] = [];
  const live = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    live.add(socket);
    socket.once('close', () => live.delete(socket));
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else ready.push(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        host,
        port,
        accepted: (timeoutMs = 5000) => {
          const socket = ready.shift();
          if (socket) return Promise.resolve(socket);
          return new Promise((done, fail) => {
            const timer = setTimeout(() => {
              waiting.splice(waiting.indexOf(deliver), 1);
              fail(new Error('no connection accepted in time'));
            }, timeoutMs);
            const deliver = (s: net.Socket) => {
              clearTimeout(timer);
              done(s);
            };
            waiting.push(deliver);
          });
        },
        close: () => {
          for (const socket of live) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

/** Collects what a server-side socket receives, one entry per 'data' event. */
export function collectData(socket: net.Socket): { chunks: Buffer[]; total(): Buffer } {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { chunks, total: () => Buffer.concat(chunks) };
}

/** Polls `condition` every few ms until it holds or `timeoutMs` passes. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}
