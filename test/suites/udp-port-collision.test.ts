import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../harness/reference/server.js';
import { decodeUdpDatagram } from '../../harness/wire/udp-header.js';
import { runSuiteAt, runSuiteOnReference } from '../support/run-suite.js';

/**
 * Another association's relay, bound by chance at the UDP port with the TCP listener's number: it was recorded
 * for 127.0.0.1 with a zero hint, so it rightly relays any datagram from 127.0.0.1 and drops every other source.
 */
async function relayAtTcpPortNumber(port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, from) => {
    if (from.address !== '127.0.0.1') return;
    const datagram = decodeUdpDatagram(message);
    if (datagram.kind !== 'decoded') return;
    socket.send(datagram.value.data, datagram.value.port, datagram.value.address.host);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return socket;
}

const only = ['socks5/udp/no-association-tcp-port'];

describe('a datagram to the TCP port number with no association', () => {
  it("is not blamed on the target when another association's relay sits at that port number", async () => {
    const server = await startReferenceServer();
    const relay = await relayAtTcpPortNumber(server.port);
    try {
      const [result] = await runSuiteAt({ host: server.host, port: server.port }, only);
      expect(result?.verdict, result?.observed).toBe('PASS');
    } finally {
      relay.close();
      await server.close();
    }
  });

  it('still FAILs a server that relays it', async () => {
    const [result] = await runSuiteOnReference({ faults: new Set(['udp-relay-on-tcp-port'] as const) }, only);
    expect(result?.verdict).toBe('FAIL');
  });
});
