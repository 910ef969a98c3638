import type { ClientUnderTest } from '../../harness/engine/client/client-under-test.js';
import type { ClientFault } from '../../harness/reference/client-faults.js';
import { type ClientScheme, referenceFetch } from '../../harness/reference/reference-client.js';
import { referenceUdpExchange } from '../../harness/reference/reference-udp-client.js';

/** The reference client as a programmatic client under test, with the given scheme and faults. */
export function referenceClient(
  scheme: ClientScheme,
  faults: readonly ClientFault[] = [],
  withCredentials = true,
  offerGssapi = true,
): ClientUnderTest {
  return {
    kind: 'function',
    name: `reference client ${scheme}${faults.length ? ` with ${faults.join(', ')}` : ''}`,
    givesCredentials: withCredentials,
    run: (p, signal) =>
      referenceFetch({
        scheme,
        signal,
        proxy: { host: p.proxy_host, port: Number(p.proxy_port) },
        url: p.url,
        ...(withCredentials ? { user: p.user, password: p.password } : {}),
        faults: new Set(faults),
        offerGssapi,
        timeoutMs: 3000,
      }),
  };
}

/** The reference client's UDP mode (UDP ASSOCIATE, one datagram, the answer printed), with the given faults. */
export function referenceUdpClient(faults: readonly ClientFault[] = []): ClientUnderTest {
  return {
    kind: 'function',
    name: `reference UDP client${faults.length ? ` with ${faults.join(', ')}` : ''}`,
    givesCredentials: true,
    run: (p) =>
      referenceUdpExchange({
        scheme: 'socks5h',
        proxy: { host: p.proxy_host, port: Number(p.proxy_port) },
        url: p.url,
        user: p.user,
        password: p.password,
        faults: new Set(faults),
        timeoutMs: 3000,
      }),
  };
}
