import type { ClientFault } from '../../harness/reference/client-faults.js';
import { type ClientScheme, referenceFetch } from '../../harness/reference/reference-client.js';
import type { ClientUnderTest } from '../../harness/runner/client-under-test.js';

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
    run: (p) =>
      referenceFetch({
        scheme,
        proxy: { host: p.proxy_host, port: Number(p.proxy_port) },
        url: p.url,
        ...(withCredentials ? { user: p.user, password: p.password } : {}),
        faults: new Set(faults),
        offerGssapi,
        timeoutMs: 3000,
      }),
  };
}
