import { existsSync } from 'node:fs';
import type { SocksVersion } from '../../harness/model/case.js';
import type { DebianPackage } from '../real/install.js';
import { withLoopbackResolver } from '../real/loopback-resolver.js';

/** A real SOCKS client the client suite is run against, as an `--exec` command. */
export interface RealClient {
  /** Names its expectations file: fixtures/expectations/clients/<id>.json. */
  readonly id: string;
  readonly description: string;
  readonly command: string;
  /** Case globs the client is run on (UDP-only clients); default all. */
  readonly only?: readonly string[];
  /**
   * `client --socks-version`: the one version the client speaks as configured, which the harness cannot see
   * when it sends nothing (as when it refuses a 265-octet name before its greeting).
   */
  readonly socksVersion: SocksVersion;
  /** `client --failure-output`: how a client that exits 0 when the fetch fails reports it (a browser). */
  readonly failureOutput?: string;
}

/** Published npm versions the clients below run, each installed into `.cache/npm/socks@VERSION`. */
export const npmSocksVersions = ['2.4.2', '2.8.11'] as const;
export const npmSocksFolder = (version: (typeof npmSocksVersions)[number]) => `.cache/npm/socks@${version}`;

const shellWord = (word: string) =>
  /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The command a real client runs as: in a mount namespace of its own whose /etc/resolv.conf names the loopback
 * name server (test/real/loopback-resolver.ts), so that a name it resolves itself (bücher.localhost, a 265-octet
 * name) never becomes a DNS query leaving the host. The placeholders stay in it, inside single quotes.
 */
export async function withLoopbackDns(command: string): Promise<string> {
  return (await withLoopbackResolver(['/bin/sh', '-c', command])).map(shellWord).join(' ');
}

export const clientPackages: readonly DebianPackage[] = [
  { name: 'curl', binary: 'curl' },
  { name: 'proxychains4', binary: 'proxychains4' },
  {
    name: 'python3-socks',
    binary: 'python3',
    present: () => existsSync('/usr/lib/python3/dist-packages/socks.py'),
  },
  // Debian's default `nc`; `nc.openbsd` tells it from another netcat.
  { name: 'netcat-openbsd', binary: 'nc.openbsd' },
  { name: 'chromium', binary: 'chromium' },
];

const C = 'fixtures/clients';
const node = 'node';
const pysocks = `/usr/bin/python3 ${C}/pysocks-fetch.py`;
const npmSocks = (version: (typeof npmSocksVersions)[number]) =>
  `${node} ${C}/npm-socks-fetch.mjs --from ${npmSocksFolder(version)}`;
const curl = (scheme: string, credentials: boolean) =>
  `curl -sS --max-time 8 --noproxy '' -x ${scheme}://${credentials ? '{user}:{password}@' : ''}{proxy} {url}`;

/**
 * Headless Chromium (fixtures/clients/chromium-fetch.sh: a profile per case, loopback through the proxy, background
 * traffic off where a flag can, names resolved locally failing but localhost). Its error page carries the
 * errorCode. Only the cases a CONNECT client can take part in: each case starts a browser, and the UDP cases
 * would be SKIP; it sends no credentials, so the RFC 1929 cases SKIP without starting it.
 */
const chromium = (scheme: 'socks5' | 'socks4'): Omit<RealClient, 'id' | 'description' | 'socksVersion'> => ({
  command: `${C}/chromium-fetch.sh ${scheme} {proxy} {url}`,
  failureOutput: '"errorCode":"ERR_',
  only:
    scheme === 'socks5'
      ? [
          'client/socks5/method/*',
          'client/socks5/auth/*',
          'client/socks5/gssapi/*',
          'client/socks5/request/*',
          'client/socks5/reply/*',
        ]
      : ['client/socks4/*'],
});

export const realClients: readonly RealClient[] = [
  {
    id: 'curl-socks5h',
    description: 'curl -x socks5h:// with credentials',
    command: curl('socks5h', true),
    socksVersion: '5',
  },
  {
    id: 'curl-socks5',
    description: 'curl -x socks5:// with credentials',
    command: curl('socks5', true),
    socksVersion: '5',
  },
  {
    id: 'curl-socks4a',
    description: 'curl -x socks4a:// (USERID from the URL)',
    command: curl('socks4a', true),

    socksVersion: '4a',
  },
  {
    id: 'curl-socks4',
    description: 'curl -x socks4:// (USERID from the URL)',
    command: curl('socks4', true),

    socksVersion: '4',
  },
  {
    id: 'proxychains4-socks5',
    description: 'proxychains4 (proxy_dns) running curl, socks5 with credentials',
    command: `${C}/proxychains4.sh socks5 {proxy_host} {proxy_port} {user} {password} {url}`,

    socksVersion: '5',
  },
  {
    id: 'proxychains4-socks4',
    description: 'proxychains4 (proxy_dns) running curl, socks4',
    command: `${C}/proxychains4.sh socks4 {proxy_host} {proxy_port} - - {url}`,

    socksVersion: '4',
  },
  {
    id: 'pysocks-socks5h',
    description: 'PySocks socksocket, SOCKS5 with rdns=True and credentials',
    command: `${pysocks} 5 1 {proxy_host} {proxy_port} {user} {password} {url}`,

    socksVersion: '5',
  },
  {
    id: 'pysocks-socks4a',
    description: 'PySocks socksocket, SOCKS4 with rdns=True (SOCKS4A)',
    command: `${pysocks} 4 1 {proxy_host} {proxy_port} - - {url}`,

    socksVersion: '4a',
  },
  {
    id: 'npm-socks-5',
    description: 'npm socks 2.8.11 SocksClient.createConnection, type 5 with credentials',
    command: `${npmSocks('2.8.11')} 5 {proxy_host} {proxy_port} {user} {password} {host} {port} {path}`,

    socksVersion: '5',
  },
  {
    id: 'npm-socks-2.4.2-5',
    description: 'npm socks 2.4.2 SocksClient.createConnection, type 5 with credentials',
    // It spins a core until killed after a failure reply: at the lowest priority, the other clients keep theirs.
    command: `nice -n 19 ${npmSocks('2.4.2')} 5 {proxy_host} {proxy_port} {user} {password} {host} {port} {path}`,
    socksVersion: '5',
  },
  {
    id: 'pysocks-udp',
    description: 'PySocks socksocket(SOCK_DGRAM), SOCKS5 UDP ASSOCIATE with rdns=True and credentials',
    command: `/usr/bin/python3 ${C}/pysocks-udp.py {proxy_host} {proxy_port} {user} {password} {host} {port}`,
    only: ['client/socks5/udp/*'],

    socksVersion: '5',
  },
  {
    id: 'npm-socks-udp',
    description: 'npm socks SocksClient command associate, parseUDPFrame/createUDPFrame, with credentials',
    command: `${node} ${C}/npm-socks-udp.mjs --from ${npmSocksFolder('2.8.11')} {proxy_host} {proxy_port} {user} {password} {host} {port}`,
    only: ['client/socks5/udp/*'],

    socksVersion: '5',
  },
  {
    id: 'npm-socks-4',
    description: 'npm socks 2.8.11 SocksClient.createConnection, type 4',
    command: `${npmSocks('2.8.11')} 4 {proxy_host} {proxy_port} - - {host} {port} {path}`,

    socksVersion: '4a',
  },
  {
    id: 'nc-socks5',
    description: 'OpenBSD netcat as a tunnel (stdin closed): nc -X 5',
    command: 'nc -X 5 -x {proxy} {host} {port}',
    socksVersion: '5',
  },
  {
    id: 'chromium-socks5',
    description: 'headless Chromium --proxy-server=socks5:// --dump-dom',
    ...chromium('socks5'),
    socksVersion: '5',
  },
  {
    id: 'chromium-socks4',
    description: 'headless Chromium --proxy-server=socks4:// --dump-dom',
    ...chromium('socks4'),
    socksVersion: '4',
  },
  {
    id: 'nc-socks4',
    description: 'OpenBSD netcat as a tunnel (stdin closed): nc -X 4',
    command: 'nc -X 4 -x {proxy} {host} {port}',
    socksVersion: '4',
  },
];
