import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Trace } from '../../harness/net/trace.js';
import { openUdp, type UdpProbe } from '../../harness/net/udp-probe.js';
import { eventually } from './local-server.js';

const opened: UdpProbe[] = [];
const trace = new Trace();

async function open(family: 4 | 6, conn: string, maxQueue?: number): Promise<UdpProbe> {
  const probe = await openUdp({
    trace,
    conn,
    family,
    localAddress: family === 4 ? '127.0.0.1' : '::1',
    maxQueue,
  });
  opened.push(probe);
  return probe;
}

async function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

describe('UdpProbe', () => {
  it('times out within bounds when nothing arrives', async () => {
    const probe = await open(4, 'u1');
    const started = performance.now();
    const result = await probe.receive(120);
    expect(result.kind).toBe('timeout');
    if (result.kind === 'timeout') expect(result.waitedMs).toBeGreaterThanOrEqual(110);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(trace.events.at(-1)).toMatchObject({ type: 'silence', conn: 'u1' });
  });

  it('sends and receives a datagram with its source, recording both', async () => {
    const a = await open(4, 'ua');
    const b = await open(4, 'ub');
    const to = b.address();
    expect(await a.send(Buffer.from([1, 2, 3]), to.host, to.port)).toEqual({ ok: true });
    const result = await b.receive(2000);
    expect(result).toMatchObject({
      kind: 'datagram',
      bytes: Buffer.from([1, 2, 3]),
      from: { address: '127.0.0.1', port: a.address().port },
    });
    expect(trace.events).toContainEqual(
      expect.objectContaining({ type: 'datagram', conn: 'ua', dir: 'sent' }),
    );
    expect(trace.events).toContainEqual(
      expect.objectContaining({
        type: 'datagram',
        conn: 'ub',
        dir: 'received',
        peer: `127.0.0.1:${a.address().port}`,
      }),
    );
  });

  it('returns the first datagram the filter accepts and keeps the others', async () => {
    const a = await open(4, 'ua');
    const b = await open(4, 'ub');
    const to = b.address();
    await a.send(Buffer.from('one'), to.host, to.port);
    await a.send(Buffer.from('two'), to.host, to.port);
    const two = await b.receive(2000, (d) => d.bytes.toString() === 'two');
    expect(two).toMatchObject({ kind: 'datagram', bytes: Buffer.from('two') });
    expect(await b.receive(2000)).toMatchObject({ kind: 'datagram', bytes: Buffer.from('one') });
  });

  it('drops and counts datagrams beyond the queue bound', async () => {
    const a = await open(4, 'ua');
    const b = await open(4, 'ub', 3);
    const to = b.address();
    for (let i = 0; i < 10; i++) await a.send(Buffer.from([i]), to.host, to.port);
    expect(await eventually(() => b.dropped === 7)).toBe(true);
    const kept: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await b.receive(1000);
      if (result.kind === 'datagram') kept.push(result.bytes[0]!);
    }
    expect(kept).toEqual([0, 1, 2]);
  });

  it('reports a send it cannot make as a result, not an exception', async () => {
    const a = await open(4, 'ua');
    const result = await a.send(Buffer.from('x'), '127.0.0.1', 0);
    expect(result).toMatchObject({ ok: false });
  });

  it('ends a pending receive when closed', async () => {
    const a = await open(4, 'ua');
    const pending = a.receive(5000);
    await a.close();
    expect(await pending).toMatchObject({ kind: 'timeout' });
  });

  it('works over IPv6 when ::1 is available', async (context) => {
    if (!(await ipv6Available())) context.skip();
    const a = await open(6, 'ua');
    const b = await open(6, 'ub');
    await a.send(Buffer.from('six'), '::1', b.address().port);
    expect(await b.receive(2000)).toMatchObject({ kind: 'datagram', from: { address: '::1' } });
  });
});
