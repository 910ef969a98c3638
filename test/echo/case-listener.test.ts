import { afterEach, describe, expect, it } from 'vitest';
import { type CaseListener, startCaseListener } from '../../harness/echo/case-listener.js';
import type { SeenConnection } from '../../harness/echo/tcp-server.js';
import { openTcp } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';

let listener: CaseListener | undefined;

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function connectTo(host: string, port: number) {
  const opened = await openTcp(host, port, { trace: new Trace(), conn: 'c', connectTimeoutMs: 2000 });
  if (!opened.ok) throw new Error(opened.message);
  return opened.probe;
}

describe('a listener of one case', () => {
  it('listens on one port of IPv4 and IPv6 loopback, echoes, and records every connection on either', async (context) => {
    const heard: SeenConnection[] = [];
    listener = await startCaseListener('127.0.0.1', '::1', (seen) => heard.push(seen));
    if (listener.endpoints.length < 2) context.skip();
    const { port } = listener.endpoint;
    expect(listener.endpoints).toEqual([
      { host: '127.0.0.1', port },
      { host: '::1', port },
    ]);
    for (const host of ['127.0.0.1', '::1']) {
      const probe = await connectTo(host, port);
      await probe.send(Buffer.from('ping'));
      expect(await probe.readBytes(4, 2000)).toMatchObject({ kind: 'decoded', value: Buffer.from('ping') });
      probe.destroy();
    }
    expect(listener.connectionsSeen().map((s) => s.to.host)).toEqual(['127.0.0.1', '::1']);
    expect(heard).toEqual(listener.connectionsSeen());
  });

  it('is IPv4 alone when the IPv6 address cannot be bound', async () => {
    listener = await startCaseListener('127.0.0.1', '192.0.2.1', () => {});
    expect(listener.endpoints).toEqual([listener.endpoint]);
    expect(listener.connectionsSeen()).toEqual([]);
  });

  it('refuses connections once closed', async () => {
    listener = await startCaseListener('127.0.0.1', undefined, () => {});
    const { port } = listener.endpoint;
    await listener.close();
    const opened = await openTcp('127.0.0.1', port, {
      trace: new Trace(),
      conn: 'c',
      connectTimeoutMs: 2000,
    });
    expect(opened.ok).toBe(false);
  });
});
