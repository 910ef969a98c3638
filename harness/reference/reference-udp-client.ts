import dgram from 'node:dgram';
import type net from 'node:net';
import ipaddr from 'ipaddr.js';
import { type Address, addressOf, encodeAddress, encodePort, ipv4 } from '../wire/address.js';
import { Command } from '../wire/constants.js';
import { decodeUdpDatagram, encodeUdpDatagram } from '../wire/udp-header.js';
import {
  type ClientResult,
  connect,
  failedRun,
  type Has,
  hostOf,
  negotiateSocks5,
  ProxyError,
  type ReferenceClientOptions,
  readSocks5Reply,
  resolveLocally,
} from './reference-client.js';
import { StreamReader } from './stream-reader.js';

function bindLoopback(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

/** The IPv6 header length RFC 1928 §7 gave before erratum 3198 corrected it to 22. */
const PRE_ERRATUM_IPV6_HEADER = 20;

/** Resolves with the data of the first datagram this client accepts; rejects when the TCP connection ends. */
function firstAccepted(udp: dgram.Socket, tcp: net.Socket, has: Has): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    udp.on('message', (bytes) => {
      const datagram = decodeUdpDatagram(bytes);
      if (datagram.kind !== 'decoded') return;
      // RFC 1928 §7: without reassembly, a datagram whose FRAG is not X'00' is dropped.
      if (datagram.value.fragment !== 0 && !has('udp-takes-fragments')) return;
      if (has('udp-ipv6-header-20') && datagram.value.address.type === 'ipv6')
        return resolve(bytes.subarray(PRE_ERRATUM_IPV6_HEADER));
      resolve(datagram.value.data);
    });
    tcp.once('close', () => reject(new ProxyError('the proxy closed the TCP connection of the association')));
    tcp.once('error', (error) => reject(error));
  });
}

/** The datagrams that carry `payload`: one standalone (FRAG X'00'), or two fragments under a fault. */
function fragments(payload: Buffer, has: Has): [number, Buffer][] {
  const unmarked = has('udp-fragment-end-unmarked');
  if (!unmarked && !has('udp-fragments')) return [[0, payload]];
  const half = Math.ceil(payload.length / 2);
  return [
    [1, payload.subarray(0, half)],
    [unmarked ? 2 : 0x82, payload.subarray(half)],
  ];
}

/**
 * The reference client's UDP mode (RFC 1928 §6–§7): UDP ASSOCIATE with DST all zeros, one datagram to the
 * URL's host and port sent to BND (the proxy's address when BND.ADDR is all zeros), and the data of the first
 * standalone datagram that comes back printed. Each fault switch breaks one clause.
 */
export async function referenceUdpExchange(o: ReferenceClientOptions): Promise<ClientResult> {
  if (o.scheme !== 'socks5' && o.scheme !== 'socks5h')
    return { exitCode: 1, stdout: '', stderr: 'reference-client: UDP needs socks5 or socks5h\n' };
  const has: Has = (f) => o.faults?.has(f) ?? false;
  const url = new URL(o.url);
  const host = hostOf(url);
  const port = Number(url.port || 80);
  let socket: net.Socket | undefined;
  let udp: dgram.Socket | undefined;
  const timer = setTimeout(() => socket?.destroy(new Error('timed out')), o.timeoutMs ?? 8000);
  try {
    udp = await bindLoopback();
    socket = await connect(o.proxy);
    const reader = new StreamReader(socket);
    const { read } = await negotiateSocks5(socket, reader, o);
    const dst: [Address, number] = has('udp-associate-names-destination')
      ? [addressOf(resolveLocally(host)), port]
      : [ipv4('0.0.0.0'), 0];
    socket.write(
      Buffer.concat([Buffer.from([5, Command.UDP_ASSOCIATE, 0]), encodeAddress(dst[0]), encodePort(dst[1])]),
    );
    const bnd = await readSocks5Reply(read, has);
    if (!bnd) throw new ProxyError('the reply carries no BND');
    const unspecified = ipaddr.parse(bnd.address.host).range() === 'unspecified';
    const relayHost =
      unspecified || has('udp-ignores-bnd-address') || has('udp-sends-to-proxy-port')
        ? o.proxy.host
        : bnd.address.host;
    const relayPort = has('udp-sends-to-proxy-port') ? o.proxy.port : bnd.port;
    const answer = firstAccepted(udp, socket, has);
    const destination = o.scheme === 'socks5h' ? addressOf(host) : addressOf(resolveLocally(host));
    const payload = Buffer.from(`GET ${url.pathname}\n`, 'latin1');
    for (const [fragment, part] of fragments(payload, has))
      udp.send(
        encodeUdpDatagram(destination, port, part, {
          fragment,
          ...(has('udp-header-rsv-nonzero') ? { reserved: 1 } : {}),
        }),
        relayPort,
        relayHost,
      );
    const data = await answer;
    return { exitCode: 0, stdout: data.toString('latin1'), stderr: '' };
  } catch (error) {
    return failedRun(error, o);
  } finally {
    clearTimeout(timer);
    socket?.destroy();
    udp?.close();
  }
}
