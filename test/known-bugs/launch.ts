import { parseClientCommand } from '../../harness/engine/client/client-command.js';
import type { ClientUnderTest } from '../../harness/engine/client/client-under-test.js';
import { isClientFault } from '../../harness/reference/client-faults.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { referenceClient } from '../client/reference-adapter.js';
import { type ChildServer, startChildServer } from '../real/child-server.js';
import { ensureInstalled } from '../real/install.js';
import { openssh } from '../real/openssh.js';
import { startShadowsocksLocal } from '../real/shadowsocks.js';
import { fillTemplate } from '../real/template.js';
import type { KnownBug } from './catalogue.js';
import type { Obtained } from './obtain.js';

type Installed = Extract<Obtained, { ok: true }>;

/** The RFC 1929 account of a server whose command names `{user}` and `{password}`. */
export const serverCredentials = referenceCredentials;

/** Whether the suite is to be given the server's account. */
export function serverChecksCredentials(bug: KnownBug): boolean {
  return 'command' in bug.run && bug.run.command.includes('{user}');
}

/** `node` is this Node; an installed binary's name is its path; other words are taken as they are. */
function program(word: string, obtained: Installed): string {
  if (word === 'node') return process.execPath;
  return obtained.binaries[word] ?? word;
}

/** Starts the bug's server on 127.0.0.1:`port`; it is stopped by its PID (ChildServer.stop). */
export async function startKnownBugServer(
  bug: KnownBug,
  obtained: Installed,
  port: number,
): Promise<ChildServer> {
  const { run } = bug;
  if ('launcher' in run) {
    if (run.launcher === 'shadowsocks-libev') return startShadowsocksLocal(obtained.binaries, port);
    const binaries = await ensureInstalled([
      { name: 'openssh-server', binary: 'sshd' },
      { name: 'openssh-client', binary: 'ssh' },
      { name: 'openssh-client', binary: 'ssh-keygen' },
    ]);
    return openssh.start({ binaries, port, credentials: serverCredentials });
  }
  if (!('command' in run)) throw new Error(`${bug.id} is not a server`);
  const values = {
    port,
    user: serverCredentials.username,
    password: serverCredentials.password,
    ...(obtained.folder ? { from: obtained.folder } : {}),
  };
  const [first = '', ...rest] = run.command.trim().split(/\s+/);
  return startChildServer(
    program(first, obtained),
    rest.map((word) => fillTemplate(word, values)),
    port,
  );
}

/** The bug's client as the client suite runs it: its command, or the reference client with the fault. */
export function knownBugClient(bug: KnownBug, obtained: Installed): ClientUnderTest {
  const { run, obtain } = bug;
  if ('referenceClient' in run && obtain.from === 'emulation') {
    if (!isClientFault(obtain.fault)) throw new Error(`the reference client has no fault ${obtain.fault}`);
    return referenceClient(run.referenceClient, [obtain.fault]);
  }
  if (!('exec' in run)) throw new Error(`${bug.id} is not a client`);
  const command = obtained.folder ? run.exec.replaceAll('{from}', obtained.folder) : run.exec;
  return { kind: 'exec', template: parseClientCommand(command) };
}
