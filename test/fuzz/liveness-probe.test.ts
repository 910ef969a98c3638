import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { livenessProbe } from '../../harness/engine/fuzz/target-liveness.js';
import { freeTcpPort } from '../../harness/net/free-port.js';
import type { StartedTarget } from '../../harness/target/target.js';

/** A SOCKS5 server on loopback that answers the greetings whose number `answers` says, and stays silent on the rest. */
async function selectiveServer(answers: (n: number) => boolean) {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    if (answers(connections)) socket.once('data', () => socket.end(Buffer.from([5, 0])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0)) await thing.close();
});

/** The probe a campaign runs after its cases, 200 ms each, against a server someone else runs. */
function fuzzTargetOn(port: number) {
  const target: StartedTarget = {
    endpoint: { host: '127.0.0.1', port },
    description: `127.0.0.1:${port}`,
    output: () => '',
    stop: async () => {},
  };
  return { probe: livenessProbe(target, 200, (ms) => ms) };
}

describe("the fuzz campaign's liveness probe", () => {
  it('takes one silent probe for a busy moment: the target that answers the next one is alive', async () => {
    const server = await selectiveServer((n) => n > 1);
    opened.push(server);
    expect(await fuzzTargetOn(server.port).probe()).toEqual({ ok: true });
    expect(server.connections).toBe(2);
  });

  it('calls a target wedged when two probes in a row get no answer', async () => {
    const server = await selectiveServer(() => false);
    opened.push(server);
    const result = await fuzzTargetOn(server.port).probe();
    expect(result).toMatchObject({ ok: false, reason: 'no METHOD selection within 200 ms' });
    expect(server.connections).toBe(2);
  });

  it('calls a target that refuses lost at once, without a second probe', async () => {
    const port = await freeTcpPort('127.0.0.1');
    const result = await fuzzTargetOn(port).probe();
    expect(result).toMatchObject({ ok: false, reason: 'cannot connect: ECONNREFUSED' });
    expect(result).not.toHaveProperty('silent');
  });
});
