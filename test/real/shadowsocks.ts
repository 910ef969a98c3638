import { randomBytes } from 'node:crypto';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { type ChildServer, startChildServer } from './child-server.js';

/** The cipher both ends use; any AEAD cipher of shadowsocks-libev 3.3 would do. */
const METHOD = 'chacha20-ietf-poly1305';

/**
 * shadowsocks-libev's SOCKS5 front end on loopback: `ss-local` listening on `port`, tunnelled to an `ss-server`
 * on another loopback port (a throwaway key), which makes the connections to the destinations (TCP only: no
 * `-u`). The two are started as children and stopped together.
 */
export async function startShadowsocksLocal(
  binaries: Readonly<Record<string, string>>,
  port: number,
): Promise<ChildServer> {
  const key = randomBytes(12).toString('hex');
  const serverPort = await freeTcpPort('127.0.0.1');
  const common = ['-k', key, '-m', METHOD];
  const server = await startChildServer(
    binaries['ss-server']!,
    ['-s', '127.0.0.1', '-p', String(serverPort), ...common],
    serverPort,
  );
  let local: ChildServer;
  try {
    local = await startChildServer(
      binaries['ss-local']!,
      ['-s', '127.0.0.1', '-p', String(serverPort), '-b', '127.0.0.1', '-l', String(port), ...common],
      port,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    port,
    get pid() {
      return local.pid;
    },
    output: () => `ss-local: ${local.output()}\nss-server: ${server.output()}`,
    exitReason: () => local.exitReason() ?? server.exitReason(),
    awaitExit: (timeoutMs) => local.awaitExit(timeoutMs),
    async stop() {
      await local.stop();
      await server.stop();
    },
  };
}
