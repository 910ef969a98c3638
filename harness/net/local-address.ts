import dgram from 'node:dgram';
import type { Endpoint } from './endpoint.js';
import { clampDelay } from './timers.js';

/**
 * The local address this host sends from toward `to` (the route's source address), found by connecting a UDP
 * socket, which sends nothing. Undefined when there is no route or it takes longer than `timeoutMs`.
 */
export function localAddressToward(
  to: Endpoint,
  family: 4 | 6,
  timeoutMs: number,
): Promise<string | undefined> {
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    const finish = (address: string | undefined) => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // Already closed.
      }
      resolve(address);
    };
    const timer = setTimeout(() => finish(undefined), clampDelay(timeoutMs));
    socket.on('error', () => finish(undefined));
    try {
      socket.connect(to.port, to.host, () => {
        try {
          finish(socket.address().address);
        } catch {
          finish(undefined);
        }
      });
    } catch {
      finish(undefined);
    }
  });
}
