import { echoBack, startTcpServer, type TcpServer } from './tcp-server.js';

export type { SeenConnection, TcpServer } from './tcp-server.js';

/** A TCP echo on `host`: echoes every byte back, honours half-close, records each client's address. */
export function startTcpEcho(host: string): Promise<TcpServer> {
  return startTcpServer(host, echoBack);
}
