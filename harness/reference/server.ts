import net from 'node:net';
import { type ReferenceConfig, referenceConfig } from './config.js';
import { Session } from './session.js';
import { openRelayOnTcpPort } from './udp-on-tcp-port.js';

export interface ReferenceServer {
  readonly host: string;
  readonly port: number;
  readonly config: ReferenceConfig;
  close(): Promise<void>;
}

/** Starts the reference SOCKS server; `port: 0` picks a free port. */
export async function startReferenceServer(
  overrides: Partial<ReferenceConfig> = {},
): Promise<ReferenceServer> {
  const config = referenceConfig(overrides);
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    new Session(socket, config);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const udpOnTcpPort = config.faults.has('udp-relay-on-tcp-port')
    ? await openRelayOnTcpPort(config, config.host, address.port)
    : undefined;
  return {
    host: config.host,
    port: address.port,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        udpOnTcpPort?.close();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
