import { readFile } from 'node:fs/promises';
import { type ChildServer, startChildServer } from './child-server.js';
import { fromRoot } from './paths.js';
import type { RealServer, StartContext } from './real-server.js';
import { fillTemplate } from './template.js';

function microsocks(id: string, config: string, checksCredentials: boolean): RealServer {
  return {
    id,
    description: `microsocks 1.0.3 (Debian microsocks), ${checksCredentials ? 'with -u/-P' : 'no authentication'}`,
    config,
    checksCredentials,
    async start({ binaries, port, credentials }: StartContext): Promise<ChildServer> {
      const values = { port, user: credentials.username, password: credentials.password };
      const words = (await readFile(fromRoot(config), 'utf8')).trim().split(/\s+/);
      return startChildServer(
        binaries.microsocks!,
        words.map((w) => fillTemplate(w, values)),
        port,
      );
    },
  };
}

/** With -u/-P microsocks selects only USERNAME/PASSWORD, so a second instance covers the NO-AUTH cases. */
export const microsocksPlain = microsocks('microsocks', 'fixtures/targets/microsocks.args', false);
export const microsocksAuth = microsocks('microsocks-auth', 'fixtures/targets/microsocks-auth.args', true);
