import { existsSync } from 'node:fs';
import type { DebianPackage } from '../real/install.js';

/** A real SOCKS client the client suite is run against, as an `--exec` command. */
export interface RealClient {
  /** Names its expectations file: fixtures/expectations/clients/<id>.json. */
  readonly id: string;
  readonly description: string;
  readonly command: string;
  /** Case globs the client is run on (UDP-only clients); default all. */
  readonly only?: readonly string[];
}

export const clientPackages: readonly DebianPackage[] = [
  { name: 'curl', binary: 'curl' },
  { name: 'proxychains4', binary: 'proxychains4' },
  {
    name: 'python3-socks',
    binary: 'python3',
    present: () => existsSync('/usr/lib/python3/dist-packages/socks.py'),
  },
];

const C = 'fixtures/clients';
const node = 'node';
const pysocks = `/usr/bin/python3 ${C}/pysocks-fetch.py`;
const npmSocks = `${node} ${C}/npm-socks-fetch.mjs`;
const curl = (scheme: string, credentials: boolean) =>
  `curl -sS --max-time 8 --noproxy '' -x ${scheme}://${credentials ? '{user}:{password}@' : ''}{proxy} {url}`;

export const realClients: readonly RealClient[] = [
  { id: 'curl-socks5h', description: 'curl -x socks5h:// with credentials', command: curl('socks5h', true) },
  { id: 'curl-socks5', description: 'curl -x socks5:// with credentials', command: curl('socks5', true) },
  {
    id: 'curl-socks4a',
    description: 'curl -x socks4a:// (USERID from the URL)',
    command: curl('socks4a', true),
  },
  {
    id: 'curl-socks4',
    description: 'curl -x socks4:// (USERID from the URL)',
    command: curl('socks4', true),
  },
  {
    id: 'proxychains4-socks5',
    description: 'proxychains4 (proxy_dns) running curl, socks5 with credentials',
    command: `${C}/proxychains4.sh socks5 {proxy_host} {proxy_port} {user} {password} {url}`,
  },
  {
    id: 'proxychains4-socks4',
    description: 'proxychains4 (proxy_dns) running curl, socks4',
    command: `${C}/proxychains4.sh socks4 {proxy_host} {proxy_port} - - {url}`,
  },
  {
    id: 'pysocks-socks5h',
    description: 'PySocks socksocket, SOCKS5 with rdns=True and credentials',
    command: `${pysocks} 5 1 {proxy_host} {proxy_port} {user} {password} {url}`,
  },
  {
    id: 'pysocks-socks4a',
    description: 'PySocks socksocket, SOCKS4 with rdns=True (SOCKS4A)',
    command: `${pysocks} 4 1 {proxy_host} {proxy_port} - - {url}`,
  },
  {
    id: 'npm-socks-5',
    description: 'npm socks SocksClient.createConnection, type 5 with credentials',
    command: `${npmSocks} 5 {proxy_host} {proxy_port} {user} {password} {url}`,
  },
  {
    id: 'pysocks-udp',
    description: 'PySocks socksocket(SOCK_DGRAM), SOCKS5 UDP ASSOCIATE with rdns=True and credentials',
    command: `/usr/bin/python3 ${C}/pysocks-udp.py {proxy_host} {proxy_port} {user} {password} {host} {port}`,
    only: ['client/socks5/udp/*'],
  },
  {
    id: 'npm-socks-udp',
    description: 'npm socks SocksClient command associate, parseUDPFrame/createUDPFrame, with credentials',
    command: `${node} ${C}/npm-socks-udp.mjs {proxy_host} {proxy_port} {user} {password} {host} {port}`,
    only: ['client/socks5/udp/*'],
  },
  {
    id: 'npm-socks-4',
    description: 'npm socks SocksClient.createConnection, type 4',
    command: `${npmSocks} 4 {proxy_host} {proxy_port} - - {url}`,
  },
];
