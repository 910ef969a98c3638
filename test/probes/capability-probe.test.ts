import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EchoNetwork } from '../../harness/echo/echo-network.js';
import { probeCapabilities } from '../../harness/probes/capabilities.js';

let echo: EchoNetwork;
beforeAll(async () => {
  echo = await EchoNetwork.start();
});
afterAll(async () => {
  await echo.close();
});

/**
 * A SOCKS5 server that answers each greeting as `answer` says (the method and after how long, or never) and
 * nothing else; it counts the connections it accepted.
 */
async function greetingServer(
  answer: (offered: readonly number[]) => { method: number; delayMs: number } | undefined,
) {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', (greeting: Buffer) => {
      const reply = answer([...greeting.subarray(2)]);
      if (reply)
        setTimeout(() => socket.writable && socket.write(Buffer.from([5, reply.method])), reply.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const probe = (port: number) =>
  probeCapabilities({
    target: { host: '127.0.0.1', port },
    echo: echo.endpoints(),
    names: echo.names,
    credentials: undefined,
    timeoutMs: 150,
  });

describe('the capability probe', () => {
  it('asks again, with more patience, when a slow target answered none of its greetings in time', async () => {
    const server = await greetingServer((offered) => ({
      method: offered.includes(0) ? 0 : 0xff,
      delayMs: 300,
    }));
    try {
      const found = await probe(server.port);
      expect(found.acceptedMethods).toEqual([0]);
      expect(found.sessionMethod).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('takes a target that answers some greetings and leaves others unanswered at its word', async () => {
    // NO-AUTH alone gets no answer; USERNAME/PASSWORD and GSSAPI alone get X'FF' at once.
    const server = await greetingServer((offered) =>
      offered.includes(0) ? undefined : { method: 0xff, delayMs: 0 },
    );
    try {
      const found = await probe(server.port);
      expect(found.acceptedMethods).toEqual([]);
      expect(found.sessionMethod).toBeUndefined();
      // The three greetings once, no second round.
      expect(server.accepted()).toBe(3);
    } finally {
      await server.close();
    }
  });
});
