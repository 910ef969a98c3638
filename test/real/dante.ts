import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';
import { fromRoot } from './paths.js';
import type { RealServer, StartContext } from './real-server.js';
import { fillTemplate } from './template.js';

const config = 'fixtures/targets/dante.conf';

/** `danted` without -D stays in the foreground, a child stopped by its PID; -N 1 starts one mother process. */
async function start({ binaries, port }: StartContext): Promise<ChildServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-dante-'));
  const cleanUp = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'danted.conf');
    await writeFile(file, fillTemplate(await readFile(fromRoot(config), 'utf8'), { port }));
    const args = ['-f', file, '-p', path.join(dir, 'danted.pid'), '-N', '1'];
    const server = await startChildServer(binaries.danted!, args, port, { ownPidNamespace: true });
    return {
      ...server,
      async stop() {
        await server.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

export const dante: RealServer = {
  id: 'dante',
  description: 'Dante 1.4.2 (Debian dante-server)',
  config,
  checksCredentials: true,
  start,
};
