import { freeTcpPort } from '../../harness/net/free-port.js';
import type { ChildServer } from './child-server.js';
import { dante } from './dante.js';
import { type DebianPackage, ensureInstalled } from './install.js';
import { microsocksAuth, microsocksPlain } from './microsocks.js';
import { pondwader, socksv5 } from './node-servers.js';
import { openssh } from './openssh.js';
import type { Credentials, RealServer } from './real-server.js';
import { sharedSystemUser } from './system-user.js';

export const realServers: readonly RealServer[] = [
  dante,
  microsocksPlain,
  microsocksAuth,
  openssh,
  socksv5,
  pondwader,
];

const packages: readonly DebianPackage[] = [
  { name: 'dante-server', binary: 'danted' },
  { name: 'microsocks', binary: 'microsocks' },
  { name: 'openssh-server', binary: 'sshd' },
  { name: 'openssh-client', binary: 'ssh' },
  { name: 'openssh-client', binary: 'ssh-keygen' },
];

/** The system account Dante checks RFC 1929 credentials against. */
const accountName = 'socksconf';

export interface RealServerSetup {
  readonly binaries: Readonly<Record<string, string>>;
  readonly credentials: Credentials;
}

/** Installs the servers' packages when missing and sets up the RFC 1929 account. */
export async function prepareRealServers(): Promise<RealServerSetup> {
  const binaries = await ensureInstalled(packages);
  return { binaries, credentials: await sharedSystemUser(accountName) };
}

export async function startRealServer(server: RealServer, setup: RealServerSetup): Promise<ChildServer> {
  return server.start({ ...setup, port: await freeTcpPort('127.0.0.1') });
}
