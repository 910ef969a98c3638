import dgram from 'node:dgram';
import net from 'node:net';
import type { ReferenceConfig } from './config.js';
import { UdpRelay } from './udp-relay.js';

/**
 * The `udp-relay-on-tcp-port` fault: a UDP relay on the port number of the TCP listener that serves datagrams
 * from anyone, with no association and so no authentication (as txthinking/socks5 does with LimitUDP off, its
 * default). Undefined when the port cannot be bound for UDP.
 */
export function openRelayOnTcpPort(
  config: ReferenceConfig,
  host: string,
  port: number,
): Promise<UdpRelay | undefined> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      const has = (fault: Parameters<ReferenceConfig['faults']['has']>[0]) => config.faults.has(fault);
      resolve(new UdpRelay({ relay: socket, expected: 'anyone', config, has, endControl: () => {} }));
    });
  });
}
