import type { ReferenceConfig } from './config.js';
import { bindRelay } from './udp-associate.js';
import { UdpRelay } from './udp-relay.js';

/**
 * The `udp-relay-on-tcp-port` fault: a UDP relay on the port number of the TCP listener that serves datagrams
 * from anyone, with no association and so no authentication (as txthinking/socks5 does with LimitUDP off, its
 * default). Undefined when the port cannot be bound for UDP.
 */
export async function openRelayOnTcpPort(
  config: ReferenceConfig,
  host: string,
  port: number,
): Promise<UdpRelay | undefined> {
  const relay = await bindRelay(host, port);
  if (!relay) return undefined;
  const has = (fault: Parameters<ReferenceConfig['faults']['has']>[0]) => config.faults.has(fault);
  return new UdpRelay({ relay, expected: 'anyone', config, has, endControl: () => {} });
}
