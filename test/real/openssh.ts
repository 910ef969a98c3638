import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { fromRoot } from './paths.js';
import type { RealServer, StartContext } from './real-server.js';
import { fillTemplate } from './template.js';

const folder = 'fixtures/targets/openssh';

function keygen(ssh_keygen: string, file: string): void {
  const ran = spawnSync(
    ssh_keygen,
    ['-q', '-t', 'ed25519', '-N', '', '-C', 'socks-conformance', '-f', file],
    {
      timeout: 10_000,
      killSignal: 'SIGKILL',
      stdio: 'ignore',
    },
  );
  if (ran.status !== 0) throw new Error(`ssh-keygen -f ${file} failed (${ran.status ?? ran.signal})`);
}

/**
 * A throwaway sshd on loopback (its own host key, one authorized client key, both new on every start) and
 * `ssh -N -D` logged in to it: the SOCKS server under test is the ssh client's dynamic forwarding.
 */
async function start({ binaries, port }: StartContext): Promise<ChildServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-openssh-'));
  let sshd: ChildServer | undefined;
  const cleanUp = async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    keygen(binaries['ssh-keygen']!, path.join(dir, 'host_key'));
    keygen(binaries['ssh-keygen']!, path.join(dir, 'client_key'));
    await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'client_key.pub')));
    // sshd insists on its privilege separation directory.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const values = { port, sshd_port: await freeTcpPort('127.0.0.1'), dir };
    const config = path.join(dir, 'sshd_config');
    await writeFile(config, fillTemplate(await readFile(fromRoot(`${folder}/sshd_config`), 'utf8'), values));
    // -D keeps sshd a child; its own PID namespace takes the per-connection processes with it when it stops.
    sshd = await startChildServer(
      binaries.sshd!,
      ['-D', '-f', config, '-E', path.join(dir, 'sshd.log')],
      values.sshd_port,
      { ownPidNamespace: true },
    );
    const words = (await readFile(fromRoot(`${folder}/ssh-D.args`), 'utf8')).trim().split(/\s+/);
    const ssh = await startChildServer(
      binaries.ssh!,
      words.map((w) => fillTemplate(w, values)),
      port,
      { readyMs: 10_000 },
    );
    return {
      ...ssh,
      get pid() {
        return ssh.pid;
      },
      async stop() {
        await ssh.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

export const openssh: RealServer = {
  id: 'openssh',
  description: 'OpenSSH 9.2 ssh -D (Debian openssh-client) logged in to a local sshd',
  config: folder,
  checksCredentials: false,
  start,
};
