import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

/**
 * A server whose reading thread is late and that takes each read as one whole message: the reference with
 * `greeting-first-chunk-only` behind a front that holds what arrives until the 3-octet greeting is there or no
 * octet has come for `quietMs`, and passes it on in one write. Octets a few milliseconds apart reach the server
 * together; only a client that holds them further apart than `quietMs` shows it the split.
 */
async function lateReader(upstreamPort: number, quietMs: number) {
  const sockets = new Set<net.Socket>();
  const front = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let held: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      if (held.length > 0) upstream.write(Buffer.concat(held));
      held = [];
      client.off('data', hold);
      client.pipe(upstream);
    };
    const hold = (chunk: Buffer) => {
      held.push(chunk);
      clearTimeout(timer);
      if (Buffer.concat(held).length >= 3) flush();
      else timer = setTimeout(flush, quietMs);
    };
    client.on('data', hold);
    upstream.pipe(client);
    const end = () => {
      clearTimeout(timer);
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
    const front = await lateReader(server.port, 8);
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
    const front = await lateReader(server.port, 8);
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
