import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

/**
 * A server whose reading thread starts `delayMs` after the accept and that takes each read as one whole message
 * (the reference with `greeting-first-chunk-only` behind a front that reads nothing for `delayMs`): octets that
 * arrive in that time are read at once, so only a client that writes them further apart sees the defect.
 */
async function slowToRead(upstreamPort: number, delayMs: number) {
  const sockets = new Set<net.Socket>();
  const front = net.createServer((client) => {
    client.pause();
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    upstream.once('connect', () => {
      setTimeout(() => {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      }, delayMs);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    port: (front.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

describe('a bytewise variant', () => {
  it('FAILs a server that loses split messages even when it read the first octets together by luck', async () => {
    const server = await startReferenceServer({ faults: new Set(['greeting-first-chunk-only'] as const) });
    const front = await slowToRead(server.port, 25);
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: '127.0.0.1', port: front.port } },
          only: ['socks5/connect/echo-both-ways/bytewise'],
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const [result] = outcome.document.results;
      expect(result?.verdict, result?.observed).toBe('FAIL');
      expect(JSON.stringify(result?.trace)).toContain('this confirming run holds the first and last octet');
    } finally {
      await front.close();
      await server.close();
    }
  });

  it('runs once more and keeps its PASS where the server reassembles', async () => {
    const server = await startReferenceServer();
    const front = await slowToRead(server.port, 25);
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: '127.0.0.1', port: front.port } },
          only: ['socks5/connect/echo-both-ways/bytewise'],
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      expect(outcome.document.results[0]?.verdict).toBe('PASS');
    } finally {
      await front.close();
      await server.close();
    }
  });
});
