import dgram from 'node:dgram';
import { ipv4 } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import { encodeReply } from '../wire/socks5-request.js';
import { decodeUdpDatagram, encodeUdpDatagram } from '../wire/udp-header.js';
import { type ScriptedConnection, sendMessage } from './scripted-steps.js';
import type { DatagramArrival, UdpRelayScript } from './server-script.js';

/** Datagrams recorded (and answered) per association; later ones are dropped, which bounds the work. */
const MAX_DATAGRAMS = 16;
/** What the relay sends first with FRAG X'01' when the script asks: a client without fragmentation drops it. */
export const FRAGMENT_DECOY = Buffer.from('socks-conformance-fragment-decoy', 'latin1');

function bindUdp(host: string, port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

/**
 * The UDP part of the scripted server (RFC 1928 §6–§7), loopback only: a relay on `script.host` named in BND,
 * which answers each whole datagram with one from the destination the datagram names carrying `c.udpAnswer`
 * (after a FRAG X'01' decoy if scripted); watchers on the TCP endpoint and on BND.PORT at the TCP address
 * catch datagrams sent where BND does not say. The association lasts until the client closes the TCP
 * connection or `relayMs` passes.
 */
export async function runUdpAssociation(c: ScriptedConnection, script: UdpRelayScript): Promise<void> {
  const host = script.host ?? '127.0.0.1';
  const relay = await bindUdp(host, 0);
  if (!relay) {
    await sendMessage(c, 'reply', encodeReply(Reply.GENERAL_FAILURE, ipv4('0.0.0.0'), 0));
    return;
  }
  const port = relay.address().port;
  const watchers = [await bindUdp(c.proxy.host, c.proxy.port)];
  if (host !== c.proxy.host) watchers.push(await bindUdp(c.proxy.host, port));
  let count = 0;
  const record = (at: DatagramArrival, bytes: Buffer, from: dgram.RemoteInfo) => {
    if (count >= MAX_DATAGRAMS) return false;
    count += 1;
    c.events.push({ type: 'udp-datagram', at, from: `${from.address}:${from.port}`, bytes });
    return true;
  };
  relay.on('message', (bytes, from) => {
    if (!record('bnd', bytes, from)) return;
    const datagram = decodeUdpDatagram(bytes);
    if (datagram.kind !== 'decoded' || datagram.value.fragment !== 0) return;
    const { address, port: destinationPort } = datagram.value;
    if (script.fragmentFirst)
      relay.send(
        encodeUdpDatagram(address, destinationPort, FRAGMENT_DECOY, { fragment: 1 }),
        from.port,
        from.address,
      );
    relay.send(encodeUdpDatagram(address, destinationPort, c.udpAnswer), from.port, from.address);
  });
  watchers[0]?.on('message', (bytes, from) => record('tcp-endpoint', bytes, from));
  watchers[1]?.on('message', (bytes, from) => record('bnd-port-at-tcp-host', bytes, from));
  try {
    c.events.push({ type: 'udp-relay', host, port });
    await sendMessage(c, 'reply', encodeReply(Reply.SUCCEEDED, ipv4(host), port));
    const end = await c.probe.awaitClose(c.times.relayMs);
    if (end.bytes.length > 0)
      c.events.push({ type: 'client-data', window: 'udp-association', bytes: end.bytes });
    if (end.kind === 'closed')
      c.events.push({ type: 'client-close', window: 'udp-association', how: end.how, afterMs: end.afterMs });
  } finally {
    for (const socket of [relay, ...watchers]) socket?.close();
  }
}
