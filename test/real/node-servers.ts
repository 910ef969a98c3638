import { type ChildServer, startChildServer } from './child-server.js';
import { fromRoot } from './paths.js';
import type { RealServer, StartContext } from './real-server.js';

/**
 * An npm SOCKS server (a devDependency) started by its launcher in fixtures/targets/ with the port, and with the
 * RFC 1929 account when it `checksCredentials`.
 */
function npmServer(id: string, description: string, launcher: string, checksCredentials = false): RealServer {
  return {
    id,
    description,
    config: launcher,
    checksCredentials,
    start({ port, credentials }: StartContext): Promise<ChildServer> {
      const account = checksCredentials ? [credentials.username, credentials.password] : [];
      return startChildServer(process.execPath, [fromRoot(launcher), String(port), ...account], port);
    },
  };
}

export const socksv5 = npmServer(
  'socksv5',
  'npm socksv5 0.0.6, NO-AUTH and USERNAME/PASSWORD',
  'fixtures/targets/socksv5.mjs',
  true,
);

export const pondwader = npmServer(
  'pondwader-socks5-server',
  'npm @pondwader/socks5-server 1.0.10, no authentication',
  'fixtures/targets/pondwader-socks5-server.mjs',
);
