import { afterEach, describe, expect, it } from 'vitest';
import { startTokenDestination, type TokenDestination } from '../../harness/echo/token-destination.js';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';

const page = { path: '/case-0123', token: 'socks-conformance-token-4567' };
let destination: TokenDestination | undefined;
const probes: TcpProbe[] = [];

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.destroy();
  await destination?.close();
  destination = undefined;
});

async function connect(silenceMs = 300, admits = () => true): Promise<TcpProbe> {
  destination = await startTokenDestination({ host: '127.0.0.1', ...page, silenceMs, admits });
  const opened = await openTcp('127.0.0.1', destination.endpoint.port, {
    trace: new Trace(),
    conn: 'c',
    connectTimeoutMs: 2000,
  });
  if (!opened.ok) throw new Error(opened.message);
  probes.push(opened.probe);
  return opened.probe;
}

/** Everything the destination sends until its FIN, as text. */
async function answer(probe: TcpProbe): Promise<{ text: string; how: string }> {
  let text = '';
  for (;;) {
    const read = await probe.readAvailable(3000);
    if (read.kind === 'decoded') text += read.bytes.toString('latin1');
    else
      return {
        text: text + read.bytes.toString('latin1'),
        how: read.kind === 'closed' ? read.how : read.kind,
      };
  }
}

describe('the token destination of a client case', () => {
  it('answers a peer it does not admit with 403, never the token, asked or unasked', async () => {
    const asked = await connect(300, () => false);
    await asked.send(Buffer.from(`GET ${page.path} HTTP/1.0\r\n\r\n`));
    const http = await answer(asked);
    expect(http.text).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(http.text).not.toContain(page.token);
    expect(destination?.answers()).toEqual([
      { admitted: false, kind: 'http', method: 'GET', path: page.path, status: 403 },
    ]);
    await destination?.close();
    const unasked = await connect(300, () => false);
    unasked.endWrite();
    const tunnel = await answer(unasked);
    expect(tunnel.text).toMatch(/^HTTP\/1\.0 403 Forbidden\r\n/);
    expect(tunnel.text).not.toContain(page.token);
    expect(destination?.answers()).toEqual([
      { admitted: false, kind: 'unasked', after: 'fin', receivedOctets: 0 },
    ]);
  });

  it("answers an HTTP GET of the case's path with 200 and the token, parsed by Node's HTTP server", async () => {
    const probe = await connect();
    await probe.send(Buffer.from(`GET ${page.path} HTTP/1.1\r\nHost: x\r\n\r\n`), 'bytewise');
    const { text, how } = await answer(probe);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain(`\r\n\r\n${page.token}\n`);
    expect(how).toBe('fin');
    expect(destination?.answers()).toEqual([
      { admitted: true, kind: 'http', method: 'GET', path: page.path, status: 200 },
    ]);
  });

  it('answers another path with 404 and no token, and a request it cannot parse with 400', async () => {
    const wrongPath = await connect();
    await wrongPath.send(Buffer.from('GET / HTTP/1.0\r\n\r\n'));
    const notFound = await answer(wrongPath);
    expect(notFound.text).toMatch(/^HTTP\/1\.1 404 /);
    expect(notFound.text).not.toContain(page.token);
    await destination?.close();
    const garbled = await connect();
    await garbled.send(Buffer.from('HELLO THERE\r\n\r\n'));
    expect((await answer(garbled)).text).toMatch(/^HTTP\/1\.0 400 /);
    expect(destination?.answers()).toMatchObject([{ kind: 'bad-request' }]);
  });

  it('gives a tunnel client that half-closes without a request the token at once', async () => {
    const probe = await connect(60_000);
    probe.endWrite();
    const { text, how } = await answer(probe);
    expect(text).toContain(page.token);
    expect(how).toBe('fin');
    expect(destination?.answers()).toEqual([
      { admitted: true, kind: 'unasked', after: 'fin', receivedOctets: 0 },
    ]);
  });

  it('gives a silent tunnel client, or one that sent other octets, the token after the silence', async () => {
    const probe = await connect(300);
    await probe.send(Buffer.from('hello\n'));
    const started = performance.now();
    const { text, how } = await answer(probe);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(text).toContain(page.token);
    expect(how).toBe('fin');
    expect(destination?.answers()).toEqual([
      { admitted: true, kind: 'unasked', after: 'silence', receivedOctets: 6 },
    ]);
  });

  it('reads a piped "Hello" as octets, not as an HTTP request: the token comes unasked at the FIN', async () => {
    const probe = await connect(60_000);
    await probe.send(Buffer.from('Hello\n'));
    probe.endWrite();
    const { text, how } = await answer(probe);
    expect(text).toContain(page.token);
    expect(how).toBe('fin');
    expect(destination?.answers()).toEqual([
      { admitted: true, kind: 'unasked', after: 'fin', receivedOctets: 6 },
    ]);
  });

  it('still gives an HTTP client that sends its request after the silence a valid HTTP answer', async () => {
    const probe = await connect(100);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await probe.send(Buffer.from(`GET ${page.path} HTTP/1.0\r\n\r\n`));
    const { text, how } = await answer(probe);
    expect(text).toMatch(/^HTTP\/1\.0 200 OK\r\n(.+\r\n)*\r\n/);
    expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe(`${page.token}\n`);
    expect(how).toBe('fin');
    // The late request is read and dropped: no reset reaches the client when it ends too.
    probe.endWrite();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(probe.state).toBe('fin-received');
  });
});
