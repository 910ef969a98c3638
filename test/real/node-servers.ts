import { type ChildServer, startChildServer } from './child-server.js';
import { fromRoot } from './paths.js';
import type { RealServer, StartContext } from './real-server.js';

/** An npm SOCKS server (a devDependency) started by its launcher in fixtures/targets/ with the port. */
function npmServer(id: string, description: string, launcher: string): RealServer {
  return {
    id,
    description,
    config: launcher,
    checksCredentials: false,
    start({ port }: StartContext): Promise<ChildServer> {
      return startChildServer(process.execPath, [fromRoot(launcher), String(port)], port);
    },
  };
}

export const socksv5 = npmServer(
  'socksv5',
  'npm socksv5 0.0.6, no authentication',
  'fixtures/targets/socksv5.mjs',
);

export const pondwader = npmServer(
  'pondwader-socks5-server',
  'npm @pondwader/socks5-server 1.0.10, no authentication',
  'fixtures/targets/pondwader-socks5-server.mjs',
);
