import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseEndpoint } from '../../harness/net/endpoint.js';
import { freeTcpPort } from '../../harness/net/free-port.js';

describe('endpoints', () => {
  it('formats IPv6 hosts in brackets', () => {
    expect(formatEndpoint({ host: '::1', port: 1080 })).toBe('[::1]:1080');
    expect(formatEndpoint({ host: '127.0.0.1', port: 1080 })).toBe('127.0.0.1:1080');
  });

  it('parses IPv4, bracketed IPv6 and host names', () => {
    expect(parseEndpoint('1.2.3.4:1080')).toEqual({ ok: true, endpoint: { host: '1.2.3.4', port: 1080 } });
    expect(parseEndpoint('[::1]:1080')).toEqual({ ok: true, endpoint: { host: '::1', port: 1080 } });
    expect(parseEndpoint('proxy.example.com:65535')).toEqual({
      ok: true,
      endpoint: { host: 'proxy.example.com', port: 65535 },
    });
  });

  it.each([
    ['1.2.3.4', 'needs a port'],
    ['1.2.3.4:0', 'outside 1..65535'],
    ['1.2.3.4:65536', 'outside 1..65535'],
    ['1.2.3.4:http', 'not a number'],
    ['1.2.3.256:80', 'not a valid IPv4'],
    ['1.2.3:80', 'not a valid IPv4'],
    ['::1:1080', 'must be in brackets'],
    ['[::g]:1080', 'not a valid IPv6'],
    ['[::1]1080', 'needs a port after'],
    ['bad_host!:80', 'not a valid host name'],
    [':80', 'no host'],
  ])('rejects %s', (text, reason) => {
    const result = parseEndpoint(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('finds a free TCP port that can then be listened on', async () => {
    const port = await freeTcpPort('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
