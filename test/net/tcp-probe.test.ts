import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import { type Decoder, decoded, malformed, needMore } from '../../harness/wire/decode-result.js';
import { collectData, eventually, type LocalServer, startLocalServer } from './local-server.js';

/** A message of one length byte then that many bytes; a length of 0xff is malformed. */
const lengthPrefixed: Decoder<string> = (buffer) => {
  if (buffer.length < 1) return needMore;
  const length = buffer[0]!;
  if (length === 0xff) return malformed('length 0xff is reserved');
  if (buffer.length < 1 + length) return needMore;
  return decoded(Buffer.from(buffer.subarray(1, 1 + length)).toString(), 1 + length);
};

const neverDecodes: Decoder<never> = () => needMore;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: LocalServer;
let trace: Trace;
const probes: TcpProbe[] = [];

async function connect(options: { maxBuffer?: number } = {}): Promise<TcpProbe> {
  const result = await openTcp(server.host, server.port, {
    trace,
    conn: 'c1',
    connectTimeoutMs: 2000,
    ...options,
  });
  if (!result.ok) throw new Error(`connect failed: ${result.code}`);
  probes.push(result.probe);
  return result.probe;
}

beforeEach(async () => {
  server = await startLocalServer();
  trace = new Trace();
});

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.destroy();
  await server.close();
});

describe('openTcp', () => {
  it('connects and records local and remote addresses', async () => {
    const probe = await connect();
    expect(probe.state).toBe('open');
    expect(probe.remotePort).toBe(server.port);
    expect(trace.events[0]).toMatchObject({
      type: 'connect',
      conn: 'c1',
      local: `127.0.0.1:${probe.localPort}`,
      remote: `127.0.0.1:${server.port}`,
    });
  });

  it('reports a refused connection as a result', async () => {
    const port = server.port;
    await server.close();
    const result = await openTcp('127.0.0.1', port, { trace, conn: 'c1', connectTimeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect(trace.events[0]).toMatchObject({ type: 'connect-failed', code: 'ECONNREFUSED' });
    server = await startLocalServer();
  });

  it('reports a bad port or local address as a result, not an exception', async () => {
    expect(await openTcp('127.0.0.1', 0, { trace, conn: 'c1', connectTimeoutMs: 500 })).toMatchObject({
      ok: false,
    });
    const bad = await openTcp('127.0.0.1', server.port, {
      trace,
      conn: 'c2',
      connectTimeoutMs: 500,
      localAddress: 'not-an-ip',
    });
    expect(bad).toMatchObject({ ok: false });
  });

  it('connects from a chosen local address', async () => {
    const result = await openTcp(server.host, server.port, {
      trace,
      conn: 'c1',
      connectTimeoutMs: 2000,
      localAddress: '127.0.0.2',
    });
    expect(result.ok).toBe(true);
    if (result.ok) probes.push(result.probe);
    const accepted = await server.accepted();
    expect(accepted.remoteAddress).toBe('127.0.0.2');
  });
});

describe('TcpProbe.read', () => {
  it('times out within bounds when nothing arrives, and records the silence', async () => {
    const probe = await connect();
    const started = performance.now();
    const result = await probe.read(lengthPrefixed, 150);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ kind: 'timeout', bytes: Buffer.alloc(0) });
    if (result.kind === 'timeout') expect(result.waitedMs).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
    expect(trace.events.at(-1)).toMatchObject({ type: 'silence', conn: 'c1' });
  });

  it('decodes a message split across chunks, and leaves what follows buffered', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const pending = probe.read(lengthPrefixed, 2000);
    peer.write(Buffer.from([5, 0x68, 0x65]));
    await sleep(20);
    peer.write(Buffer.from([0x6c, 0x6c]));
    await sleep(20);
    peer.write(Buffer.from([0x6f, 2, 0x68]));
    const result = await pending;
    expect(result).toMatchObject({
      kind: 'decoded',
      value: 'hello',
      bytes: Buffer.from([5, 104, 101, 108, 108, 111]),
    });
    const received = trace.events.filter((e) => e.type === 'data' && e.dir === 'received');
    expect(received.length).toBeGreaterThanOrEqual(3);
    if (result.kind === 'decoded') expect(result.at).toBe(received[2]!.at);

    const partial = await probe.read(lengthPrefixed, 50);
    expect(partial).toMatchObject({ kind: 'timeout', bytes: Buffer.from([2, 0x68]) });
    peer.write(Buffer.from([0x69]));
    expect(await probe.read(lengthPrefixed, 2000)).toMatchObject({ kind: 'decoded', value: 'hi' });
  });

  it('reports malformed bytes and consumes them', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    peer.write(Buffer.from([0xff, 1, 2]));
    expect(await probe.read(lengthPrefixed, 2000)).toMatchObject({
      kind: 'malformed',
      reason: 'length 0xff is reserved',
    });
    expect(await probe.readAvailable(50)).toMatchObject({ kind: 'timeout', bytes: Buffer.alloc(0) });
  });

  it('turns a decoder that throws into a malformed result', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    peer.write('x');
    const throwing: Decoder<never> = () => {
      throw new Error('decoder bug');
    };
    expect(await probe.read(throwing, 2000)).toMatchObject({
      kind: 'malformed',
      reason: 'decoder failed: decoder bug',
    });
  });

  it('reads fixed lengths and whatever is available', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    peer.write('abcdef');
    expect(await probe.readBytes(2, 2000)).toMatchObject({ kind: 'decoded', value: Buffer.from('ab') });
    expect(await probe.readAvailable(2000)).toMatchObject({ kind: 'decoded', value: Buffer.from('cdef') });
  });

  it('distinguishes FIN from RST', async () => {
    const finProbe = await connect();
    const finPeer = await server.accepted();
    finPeer.end(Buffer.from([3, 1]));
    expect(await finProbe.read(lengthPrefixed, 2000)).toMatchObject({
      kind: 'closed',
      how: 'fin',
      bytes: Buffer.from([3, 1]),
    });
    expect(finProbe.state).toBe('fin-received');
    expect(await finProbe.readAvailable(2000)).toMatchObject({ kind: 'closed', how: 'fin' });

    const rstProbe = await connect();
    const rstPeer = await server.accepted();
    rstPeer.resetAndDestroy();
    expect(await rstProbe.read(lengthPrefixed, 2000)).toMatchObject({ kind: 'closed', how: 'rst' });
    expect(rstProbe.state).toBe('reset');
    expect(trace.events.some((e) => e.type === 'rst')).toBe(true);
    expect(trace.events.some((e) => e.type === 'fin' && e.dir === 'received')).toBe(true);
  });

  it('bounds what it holds: pauses the socket and reports overflow', async () => {
    const probe = await connect({ maxBuffer: 4096 });
    const peer = await server.accepted();
    const flood = Buffer.alloc(16 * 1024 * 1024, 0x61);
    let flushed = false;
    peer.write(flood, () => {
      flushed = true;
    });
    const result = await probe.read(neverDecodes, 2000);
    expect(result.kind).toBe('overflow');
    if (result.kind === 'overflow') {
      expect(result.bytes.length).toBeGreaterThanOrEqual(4096);
      expect(result.bytes.length).toBeLessThanOrEqual(4096 + 65536);
    }
    expect(trace.events.some((e) => e.type === 'overflow' && e.limit === 4096)).toBe(true);
    // Paused again once the limit is reached: the probe takes in a bounded amount while nobody reads, so the
    // peer (whose kernel buffers cannot hold 16 MiB) cannot finish its write.
    await sleep(200);
    const receivedBytes = () =>
      trace.events.reduce(
        (sum, e) => sum + (e.type === 'data' && e.dir === 'received' ? e.bytes.length : 0),
        0,
      ) + trace.omitted().reduce((sum, o) => sum + (o.dir === 'received' ? o.bytes : 0), 0);
    expect(receivedBytes()).toBeLessThanOrEqual(2 * (4096 + 65536));
    expect(flushed).toBe(false);
    const closing = await probe.awaitClose(100);
    expect(closing.kind).toBe('open');
    if (closing.kind === 'open') expect(closing.bytes.length).toBeLessThanOrEqual(4096);
  });

  it('rejects a second concurrent read and a read after destroy; destroy ends a pending read', async () => {
    const probe = await connect();
    const pending = probe.readAvailable(5000);
    await expect(probe.readAvailable(10)).rejects.toThrow('already waiting');
    const started = performance.now();
    probe.destroy();
    expect(await pending).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(100);
    expect(probe.state).toBe('destroyed');
    await expect(probe.readAvailable(10)).rejects.toThrow('destroyed');
  });

  it('leaves no timers or listeners behind after many reads', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    for (let i = 0; i < 500; i++) {
      if (i % 2 === 0) peer.write(Buffer.from([1, i % 200]));
      const result = await probe.read(lengthPrefixed, i % 2 === 0 ? 2000 : 0);
      expect(result.kind).toBe(i % 2 === 0 ? 'decoded' : 'timeout');
    }
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('TcpProbe.send', () => {
  it('sends byte by byte as separate segments', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const received = collectData(peer);
    await probe.send(Buffer.from([5, 1, 0, 9]), 'bytewise');
    expect(await eventually(() => received.total().length === 4)).toBe(true);
    expect(received.chunks.length).toBeGreaterThan(1);
    expect(received.total()).toEqual(Buffer.from([5, 1, 0, 9]));
    expect(trace.events.filter((e) => e.type === 'data' && e.dir === 'sent')).toHaveLength(4);
  });

  it('sends in given chunks', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const received = collectData(peer);
    await probe.send(Buffer.from('abcdefgh'), { chunks: [3, 3] });
    expect(await eventually(() => received.total().length === 8)).toBe(true);
    expect(received.total().toString()).toBe('abcdefgh');
    const sent = trace.events.flatMap((e) =>
      e.type === 'data' && e.dir === 'sent' ? [e.bytes.toString()] : [],
    );
    expect(sent).toEqual(['abc', 'def', 'gh']);
  });

  it('sends cut at random points that the seed repeats', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const received = collectData(peer);
    const message = Buffer.from('0123456789abcdef');
    await probe.send(message, { random: 42 });
    expect(await eventually(() => received.total().length === message.length)).toBe(true);
    expect(received.total()).toEqual(message);
    const sent = trace.events.filter((e) => e.type === 'data' && e.dir === 'sent');
    expect(sent.length).toBeGreaterThan(1);
  });

  it('does not throw when sending after the peer reset, and records why', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    peer.resetAndDestroy();
    await probe.readAvailable(2000);
    await expect(probe.send(Buffer.from('late'))).resolves.toBeUndefined();
    expect(trace.events.at(-1)).toMatchObject({ type: 'note', text: expect.stringContaining('reset') });
  });

  it('half-closes with endWrite and keeps reading', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const ended = new Promise<void>((resolve) => peer.once('end', () => resolve()));
    peer.resume();
    await probe.send(Buffer.from('x'));
    probe.endWrite();
    await ended;
    peer.write('still here');
    expect(await probe.readAvailable(2000)).toMatchObject({
      kind: 'decoded',
      value: Buffer.from('still here'),
    });
    expect(trace.events.some((e) => e.type === 'fin' && e.dir === 'sent')).toBe(true);
  });
});

describe('TcpProbe.expectSilence', () => {
  it('reports silence, then data, then a close', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    expect(await probe.expectSilence(80)).toEqual({ kind: 'silence' });
    peer.write('x');
    expect(await probe.expectSilence(2000)).toMatchObject({ kind: 'data', bytes: Buffer.from('x') });
    peer.end();
    expect(await probe.expectSilence(2000)).toMatchObject({ kind: 'closed', how: 'fin' });
  });

  it('counts bytes already buffered as data', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    peer.write(Buffer.from([4, 1]));
    await probe.read(lengthPrefixed, 100);
    const started = performance.now();
    expect(await probe.expectSilence(1000)).toMatchObject({ kind: 'data', bytes: Buffer.from([4, 1]) });
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('TcpProbe.awaitClose', () => {
  it('measures how long the peer took to close, and reports what came meanwhile', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    setTimeout(() => peer.write('bye'), 30);
    setTimeout(() => peer.end(), 150);
    const result = await probe.awaitClose(2000);
    expect(result).toMatchObject({ kind: 'closed', how: 'fin', bytes: Buffer.from('bye'), droppedBytes: 0 });
    if (result.kind === 'closed') {
      expect(result.afterMs).toBeGreaterThanOrEqual(130);
      expect(result.afterMs).toBeLessThan(1000);
    }
  });

  it('measures from a given time', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const since = trace.now();
    await sleep(100);
    peer.resetAndDestroy();
    const result = await probe.awaitClose(2000, since);
    expect(result).toMatchObject({ kind: 'closed', how: 'rst' });
    if (result.kind === 'closed') expect(result.afterMs).toBeGreaterThanOrEqual(95);
  });

  it('reports a connection still open at the deadline', async () => {
    const probe = await connect();
    const started = performance.now();
    const result = await probe.awaitClose(120);
    expect(result).toMatchObject({ kind: 'open' });
    if (result.kind === 'open') expect(result.waitedMs).toBeGreaterThanOrEqual(110);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps at most maxBuffer of a flood and counts the rest', async () => {
    const probe = await connect({ maxBuffer: 1000 });
    const peer = await server.accepted();
    peer.write(Buffer.alloc(300, 1));
    setTimeout(() => peer.write(Buffer.alloc(5000, 2)), 20);
    setTimeout(() => peer.end(), 60);
    const result = await probe.awaitClose(2000);
    expect(result).toMatchObject({ kind: 'closed', how: 'fin', droppedBytes: 4300 });
    expect(result.bytes).toEqual(Buffer.concat([Buffer.alloc(300, 1), Buffer.alloc(700, 2)]));
  });

  it('leaves data that arrives after the wait for the next read', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    expect(await probe.awaitClose(50)).toMatchObject({ kind: 'open', bytes: Buffer.alloc(0) });
    peer.write(Buffer.from([2, 0x61, 0x62]));
    expect(await probe.read(lengthPrefixed, 1000)).toMatchObject({ kind: 'decoded', value: 'ab' });
  });

  it('refused while another read waits, it leaves that read its data', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const reading = probe.read(lengthPrefixed, 1000);
    await expect(probe.awaitClose(50)).rejects.toThrow(/another read/);
    peer.write(Buffer.from([1, 0x7a]));
    expect(await reading).toMatchObject({ kind: 'decoded', value: 'z' });
  });
});

describe('a deadline passed while the event loop was busy', () => {
  it('still sees the data that arrived before it', async () => {
    const probe = await connect();
    const peer = await server.accepted();
    const reading = probe.read(lengthPrefixed, 100);
    peer.write(Buffer.from([1, 0x61]));
    const until = performance.now() + 300;
    while (performance.now() < until) {}
    expect(await reading).toMatchObject({ kind: 'decoded', value: 'a' });
  });
});
