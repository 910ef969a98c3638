import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls until `host:port` accepts a TCP connection, `giveUp()` says to stop (the process died), or `timeoutMs`
 * passes. Resolves to whether it accepted.
 */
export async function waitListening(
  host: string,
  port: number,
  timeoutMs: number,
  giveUp: () => boolean,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (giveUp()) return false;
    if (await accepts(host, port, Math.min(500, Math.max(1, deadline - performance.now())))) return true;
    await sleep(15);
  }
  return false;
}
