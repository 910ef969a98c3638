import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import type { ReferenceConfig } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { Socks4Code, Socks4Command } from '../../harness/wire/constants.js';
import { decodeSocks4Reply, encodeSocks4Request, type Socks4Reply } from '../../harness/wire/socks4.js';

let server: ReferenceServer | undefined;
let echo: net.Server | undefined;
const probes: TcpProbe[] = [];
const trace = new Trace();

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.destroy();
  await server?.close();
  server = undefined;
  await new Promise<void>((done) => (echo ? echo.close(() => done()) : done()));
  echo = undefined;
});

async function startEcho(): Promise<number> {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((done) => echo!.listen(0, '127.0.0.1', done));
  return (echo.address() as net.AddressInfo).port;
}

async function open(port: number, from?: string): Promise<TcpProbe> {
  const opened = await openTcp('127.0.0.1', port, {
    trace,
    conn: `t${probes.length}`,
    connectTimeoutMs: 2000,
    ...(from ? { localAddress: from } : {}),
  });
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.message}`);
  probes.push(opened.probe);
  return opened.probe;
}

async function ask(message: Buffer, overrides: Partial<ReferenceConfig> = {}) {
  server ??= await startReferenceServer(overrides);
  const probe = await open(server.port);
  await probe.send(message);
  return { probe, reply: await probe.read(decodeSocks4Reply, 2000) };
}

function replyOf(read: Awaited<ReturnType<typeof ask>>['reply']): Socks4Reply {
  if (read.kind !== 'decoded') throw new Error(`no reply: ${read.kind}`);
  return read.value;
}

describe('reference SOCKS4 and SOCKS4A', () => {
  it('grants a CONNECT with CD 90 in an 8-octet reply, VN 0, and relays both ways', async () => {
    const port = await startEcho();
    const { probe, reply } = await ask(encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', port));
    expect(reply.kind === 'decoded' && reply.bytes.length).toBe(8);
    expect(replyOf(reply)).toMatchObject({ version: 0, code: Socks4Code.GRANTED });
    await probe.send(Buffer.from('ping'));
    const echoed = await probe.readBytes(4, 2000);
    expect(echoed.kind === 'decoded' && echoed.bytes.toString()).toBe('ping');
  });

  it('relays data coalesced with the request', async () => {
    const port = await startEcho();
    const request = encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', port, { userId: 'u' });
    const { probe, reply } = await ask(Buffer.concat([request, Buffer.from('early')]));
    expect(replyOf(reply).code).toBe(Socks4Code.GRANTED);
    const echoed = await probe.readBytes(5, 2000);
    expect(echoed.kind === 'decoded' && echoed.bytes.toString()).toBe('early');
  });

  it('answers a refused destination, DSTPORT 0, DSTIP 0.0.0.0 and CD 3 with 91, then closes', async () => {
    for (const message of [
      encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', 0),
      encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.0', 80),
      encodeSocks4Request(3, '127.0.0.1', 80),
    ]) {
      const { probe, reply } = await ask(message);
      expect(replyOf(reply)).toMatchObject({ version: 0, code: Socks4Code.REJECTED });
      expect((await probe.awaitClose(1000)).kind).toBe('closed');
    }
  });

  it('reads the SOCKS4A domain after the USERID and connects to the name', async () => {
    const port = await startEcho();
    const request = encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.1', port, {
      userId: 'u',
      domain: 'localhost',
    });
    const { probe, reply } = await ask(Buffer.concat([request, Buffer.from('x')]));
    expect(replyOf(reply).code).toBe(Socks4Code.GRANTED);
    const echoed = await probe.readBytes(1, 2000);
    expect(echoed.kind === 'decoded' && echoed.bytes.toString()).toBe('x');
  });

  it('rejects a USERID or domain past 255 octets without waiting for its NUL', async () => {
    const long = 'a'.repeat(256);
    for (const message of [
      encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', 80, { userId: long, terminateUserId: false }),
      encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.1', 80, { domain: long, terminateDomain: false }),
    ]) {
      const { reply } = await ask(message);
      expect(replyOf(reply).code).toBe(Socks4Code.REJECTED);
    }
  });

  it('closes a request the client ends inside its USERID', async () => {
    server = await startReferenceServer();
    const probe = await open(server.port);
    await probe.send(encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', 80, { terminateUserId: false }));
    probe.endWrite();
    expect((await probe.awaitClose(1000)).kind).toBe('closed');
  });

  it('closes a connection whose first octet is neither 4 nor 5, and serves the next one', async () => {
    server = await startReferenceServer();
    const probe = await open(server.port);
    await probe.send(Buffer.from('GET / HTTP/1.0\r\n\r\n'));
    expect((await probe.awaitClose(1000)).kind).toBe('closed');
    const { reply } = await ask(encodeSocks4Request(Socks4Command.CONNECT, '127.0.0.1', 0));
    expect(replyOf(reply).code).toBe(Socks4Code.REJECTED);
  });

  it('BIND: names its listener, then the peer from DSTIP, then relays', async () => {
    const { probe, reply } = await ask(encodeSocks4Request(Socks4Command.BIND, '127.0.0.1', 21));
    const first = replyOf(reply);
    expect(first).toMatchObject({ code: Socks4Code.GRANTED, ip: '127.0.0.1' });
    const peer = await open(first.port);
    const second = replyOf(await probe.read(decodeSocks4Reply, 2000));
    expect(second).toMatchObject({ code: Socks4Code.GRANTED, ip: '127.0.0.1', port: peer.localPort });
    await peer.send(Buffer.from('hi'));
    const relayed = await probe.readBytes(2, 2000);
    expect(relayed.kind === 'decoded' && relayed.bytes.toString()).toBe('hi');
  });

  it('BIND: a peer from another address gets 91 and both connections close', async () => {
    const { probe, reply } = await ask(encodeSocks4Request(Socks4Command.BIND, '127.0.0.1', 21));
    const peer = await open(replyOf(reply).port, '127.0.0.2');
    expect(replyOf(await probe.read(decodeSocks4Reply, 2000)).code).toBe(Socks4Code.REJECTED);
    expect((await probe.awaitClose(1000)).kind).toBe('closed');
    expect((await peer.awaitClose(1000)).kind).toBe('closed');
  });

  it('with socks4-zero-is-4a, waits for a domain after DSTIP 0.0.0.0', async () => {
    const { reply } = await ask(encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.0', 80), {
      faults: new Set(['socks4-zero-is-4a']),
    });
    expect(reply.kind).toBe('timeout');
  });
});
