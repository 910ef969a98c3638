import type { Endpoint } from '../net/endpoint.js';
import { echoBack, type SeenConnection, startTcpServer, type TcpServer } from './tcp-server.js';

/** A destination of one case alone: whatever connects to its port came from that case's requests. */
export interface CaseListener {
  /** The IPv4 endpoint; the IPv6 one, when there is one, has the same port. */
  readonly endpoint: Endpoint;
  /** Every address it listens on. */
  readonly endpoints: readonly Endpoint[];
  /** Connections accepted on either address, in time order. */
  connectionsSeen(): SeenConnection[];
  close(): Promise<void>;
}

const ATTEMPTS = 5;

/**
 * A TCP echo on one port of `host4` and, when given and bindable, of `host6` too: a name such as `localhost`
 * may resolve to either, and a server that reaches it must be seen whichever it picked. `onAccept` hears of
 * every connection as it is accepted.
 */
export async function startCaseListener(
  host4: string,
  host6: string | undefined,
  onAccept: (seen: SeenConnection) => void,
): Promise<CaseListener> {
  const serve = (host: string, port?: number) =>
    startTcpServer(
      host,
      (socket, seen) => {
        onAccept(seen);
        echoBack(socket);
      },
      port,
    );
  let v4 = await serve(host4);
  let v6: TcpServer | undefined;
  for (let attempt = 1; host6 !== undefined && attempt <= ATTEMPTS; attempt++) {
    const bound = await serve(host6, v4.endpoint.port).then(
      (server) => server,
      (error: NodeJS.ErrnoException) => error.code,
    );
    if (typeof bound !== 'string') {
      v6 = bound;
      break;
    }
    // Only a port taken on the IPv6 side is worth another pair; without IPv6 the listener is IPv4 alone.
    if (bound !== 'EADDRINUSE' || attempt === ATTEMPTS) break;
    await v4.close();
    v4 = await serve(host4);
  }
  const servers = v6 ? [v4, v6] : [v4];
  return {
    endpoint: { ...v4.endpoint },
    endpoints: servers.map((s) => ({ ...s.endpoint })),
    connectionsSeen: () => servers.flatMap((s) => s.connectionsSeen()).sort((a, b) => a.at - b.at),
    close: () => Promise.all(servers.map((s) => s.close())).then(() => undefined),
  };
}
