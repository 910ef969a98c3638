import dgram from 'node:dgram';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A name server on loopback that answers every query NXDOMAIN, as the Internet's answers for names under
 * `.invalid` (RFC 6761), and a resolv.conf naming it alone. The suite sends such names to real servers, which
 * hand them to the system resolver; with the machine's own configuration the query would leave the host.
 * Names in the hosts file (localhost) still resolve: glibc reads the file first.
 */
export interface LoopbackResolver {
  /** The resolv.conf to bind over /etc/resolv.conf. */
  readonly resolvConf: string;
  readonly address: string;
  /** Queries answered so far. */
  readonly answered: number;
}

/** A DNS answer to `query`: its ID, opcode, RD and question, QR and RA set, RCODE 3 (NXDOMAIN), nothing else. */
export function nxdomainAnswer(query: Buffer): Buffer | undefined {
  if (query.length < 12 || (query[2]! & 0x80) !== 0) return undefined;
  const questions = query.readUInt16BE(4);
  let end = 12;
  for (let q = 0; q < questions; q += 1) {
    while (end < query.length && query[end] !== 0) {
      if ((query[end]! & 0xc0) !== 0) return undefined;
      end += query[end]! + 1;
    }
    end += 1 + 4;
    if (end > query.length) return undefined;
  }
  const answer = Buffer.from(query.subarray(0, end));
  answer.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0080 | 0x0003, 2);
  answer.writeUInt16BE(0, 6);
  answer.writeUInt16BE(0, 8);
  answer.writeUInt16BE(0, 10);
  return answer;
}

function bindPort53(address: string): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(53, address, () => resolve(socket));
  });
}

let started: Promise<LoopbackResolver> | undefined;

async function start(): Promise<LoopbackResolver> {
  // Port 53 of an address of 127.53.0.0/16 that no other process on the machine took.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const address = `127.53.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    const socket = await bindPort53(address);
    if (!socket) continue;
    socket.unref();
    let answered = 0;
    socket.on('message', (query, peer) => {
      const answer = nxdomainAnswer(query);
      if (!answer) return;
      answered += 1;
      socket.send(answer, peer.port, peer.address);
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-resolver-'));
    const resolvConf = path.join(dir, 'resolv.conf');
    await writeFile(resolvConf, `nameserver ${address}\noptions timeout:1 attempts:1\n`);
    return {
      resolvConf,
      address,
      get answered() {
        return answered;
      },
    };
  }
  throw new Error('no free port 53 on 127.53.0.0/16 for the loopback name server');
}

/** The process's loopback name server, started on first use; it does not keep the process alive. */
export function loopbackResolver(): Promise<LoopbackResolver> {
  started ??= start();
  return started;
}

/**
 * `argv` run in a mount namespace of its own (`unshare --mount`, private propagation) where /etc/resolv.conf is
 * the loopback resolver's. The shell execs the command, so its PID is the server's; `namespaceFlags` are
 * further unshare flags (e.g. a PID namespace) given before `--mount`.
 */
export async function withLoopbackResolver(
  argv: readonly string[],
  namespaceFlags: readonly string[] = [],
): Promise<string[]> {
  const { resolvConf } = await loopbackResolver();
  return [
    'unshare',
    ...namespaceFlags,
    '--mount',
    '--propagation',
    'private',
    '--',
    '/bin/sh',
    '-c',
    'mount --bind "$0" /etc/resolv.conf && exec "$@"',
    resolvConf,
    ...argv,
  ];
}
