import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EchoNetwork } from '../../harness/echo/echo-network.js';
import { speakerBanner } from '../../harness/echo/tcp-speaker.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import { openUdp } from '../../harness/net/udp-probe.js';
import { startLocalServer } from '../net/local-server.js';

/** Binding the exact port succeeds only when nothing holds it any more. */
function canBindUdp(family: 4 | 6, endpoint: Endpoint): Promise<boolean> {
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind({ address: endpoint.host, port: endpoint.port, exclusive: true }, () =>
      socket.close(() => resolve(true)),
    );
  });
}

let network: EchoNetwork;
const trace = new Trace();
let connCount = 0;

async function connect(to: Endpoint): Promise<TcpProbe> {
  const result = await openTcp(to.host, to.port, { trace, conn: `c${++connCount}`, connectTimeoutMs: 2000 });
  if (!result.ok) throw new Error(`connect to ${to.host}:${to.port} failed: ${result.code}`);
  return result.probe;
}

async function echoesAndHalfCloses(to: Endpoint): Promise<void> {
  const probe = await connect(to);
  try {
    await probe.send(Buffer.from('ping'), 'bytewise');
    probe.endWrite();
    const echoed = await probe.readBytes(4, 2000);
    expect(echoed).toMatchObject({ kind: 'decoded', value: Buffer.from('ping') });
    expect(await probe.awaitClose(2000)).toMatchObject({ kind: 'closed', how: 'fin' });
  } finally {
    probe.destroy();
  }
}

beforeAll(async () => {
  network = await EchoNetwork.start();
});

afterAll(async () => {
  await network.close();
});

describe('EchoNetwork', () => {
  it('echoes TCP over IPv4, finishing the echo before its own FIN', async () => {
    await echoesAndHalfCloses(network.endpoints().tcpEcho4);
  });

  it('echoes TCP over IPv6 when available', async (context) => {
    const tcpEcho6 = network.endpoints().tcpEcho6;
    if (tcpEcho6 === undefined) context.skip();
    expect(tcpEcho6!.host).toBe('::1');
    await echoesAndHalfCloses(tcpEcho6!);
  });

  it('records who connected to the echo', async () => {
    const probe = await connect(network.endpoints().tcpEcho4);
    probe.destroy();
    const seen = network.connectionsSeen();
    expect(seen.at(-1)).toMatchObject({
      from: { address: '127.0.0.1', port: probe.localPort },
      to: { port: network.endpoints().tcpEcho4.port },
    });
  });

  it('has a speaker that sends a numbered banner first, then echoes', async () => {
    const first = await connect(network.endpoints().speaker4);
    const second = await connect(network.endpoints().speaker4);
    try {
      const banner1 = await first.readBytes(speakerBanner(1).length, 2000);
      const banner2 = await second.readBytes(speakerBanner(2).length, 2000);
      const texts = [banner1, banner2].map((r) => (r.kind === 'decoded' ? r.value.toString() : r.kind));
      expect(texts.sort()).toEqual([speakerBanner(1), speakerBanner(2)]);
      await first.send(Buffer.from('echo?'));
      expect(await first.readBytes(5, 2000)).toMatchObject({ kind: 'decoded', value: Buffer.from('echo?') });
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('echoes UDP and records each datagram source', async () => {
    for (const [family, endpoint] of [
      [4, network.endpoints().udpEcho4],
      [6, network.endpoints().udpEcho6],
    ] as const) {
      if (endpoint === undefined) continue;
      const probe = await openUdp({ trace, conn: `u${family}`, family, localAddress: endpoint.host });
      try {
        await probe.send(Buffer.from([0xde, 0xad]), endpoint.host, endpoint.port);
        const reply = await probe.receive(2000);
        expect(reply).toMatchObject({
          kind: 'datagram',
          bytes: Buffer.from([0xde, 0xad]),
          from: { address: endpoint.host, port: endpoint.port },
        });
        expect(network.datagramsSeen().at(-1)).toMatchObject({
          from: { address: endpoint.host, port: probe.address().port },
          bytes: Buffer.from([0xde, 0xad]),
        });
      } finally {
        await probe.close();
      }
    }
  });

  it('has a port that refuses connections', async () => {
    const { refused4 } = network.endpoints();
    const result = await openTcp(refused4.host, refused4.port, {
      trace,
      conn: 'refused',
      connectTimeoutMs: 2000,
    });
    expect(result).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
  });

  it('connects as a BIND peer from a chosen source address', async () => {
    const server = await startLocalServer();
    try {
      const result = await network.connectFrom({
        from: '127.0.0.2',
        to: { host: server.host, port: server.port },
        trace,
        conn: 'bind-peer',
        timeoutMs: 2000,
      });
      expect(result.ok).toBe(true);
      const accepted = await server.accepted();
      expect(accepted.remoteAddress).toBe('127.0.0.2');
      if (result.ok) result.probe.destroy();
    } finally {
      await server.close();
    }
    const viaEcho = await network.connectFrom({
      from: '127.0.0.2',
      to: network.endpoints().tcpEcho4,
      trace,
      conn: 'bind-peer-2',
      timeoutMs: 2000,
    });
    if (viaEcho.ok) viaEcho.probe.destroy();
    expect(network.connectionsSeen().at(-1)?.from.address).toBe('127.0.0.2');
  });

  it('names a resolvable and an unresolvable host', () => {
    expect(network.names).toEqual({
      resolvable: 'localhost',
      unresolvable: 'socks-conformance-nonexistent.invalid',
    });
  });
});

describe('EchoNetwork options and shutdown', () => {
  it('leaves out IPv6 when told, advertises the given host, and takes name overrides', async () => {
    const net4 = await EchoNetwork.start({
      host6: null,
      advertiseHost: '192.0.2.10',
      names: { resolvable: 'echo.test' },
    });
    try {
      const endpoints = net4.endpoints();
      expect(endpoints.tcpEcho6).toBeUndefined();
      expect(endpoints.udpEcho6).toBeUndefined();
      expect(new Set(Object.values(endpoints).map((e) => e.host))).toEqual(new Set(['192.0.2.10']));
      expect(net4.names.resolvable).toBe('echo.test');
    } finally {
      await net4.close();
    }
  });

  it('closes every server and live connection, in bounded time, leaving nothing listening', async () => {
    const local = await EchoNetwork.start();
    const endpoints = local.endpoints();
    const live = await connect(endpoints.tcpEcho4);
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(2500);
    expect((await live.awaitClose(2000)).kind).toBe('closed');
    live.destroy();

    const tcp = [endpoints.tcpEcho4, endpoints.speaker4, endpoints.tcpEcho6].filter((e) => e !== undefined);
    for (const endpoint of tcp) {
      const result = await openTcp(endpoint.host, endpoint.port, {
        trace,
        conn: 'after',
        connectTimeoutMs: 2000,
      });
      expect(result).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    }
    const udp = [endpoints.udpEcho4, endpoints.udpEcho6].filter((e) => e !== undefined);
    for (const endpoint of udp) {
      const family = endpoint.host.includes(':') ? 6 : 4;
      expect(await canBindUdp(family, endpoint)).toBe(true);
      const probe = await openUdp({ trace, conn: 'after-udp', family, localAddress: endpoint.host });
      await probe.send(Buffer.from('anyone?'), endpoint.host, endpoint.port);
      expect((await probe.receive(200)).kind).toBe('timeout');
      await probe.close();
    }
    await local.close();
  });
});
