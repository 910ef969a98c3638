import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { isLocalhostName, isOnThisHost, OFF_HOST } from './on-this-host.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type NameResolution =
  | { readonly ok: true; readonly addresses: readonly ResolvedAddress[] }
  | { readonly ok: false; readonly code: string };

/** RFC 6761 §6.4: `invalid.` and the names under it never resolve. */
export function isUnderInvalid(name: string): boolean {
  return /(^|\.)invalid\.?$/i.test(name);
}

/**
 * The addresses a DOMAINNAME resolves to, in the resolver's order, within `timeoutMs` (ETIMEDOUT after it).
 * A name under `.invalid` fails at once with ENOTFOUND, as RFC 6761 §6.4 asks of resolver libraries, so the
 * reference never sends a query for one off the host; an empty name or one with a NUL names no host. Any other
 * name but `localhost`'s, or an address on this host written as a name, is off this host and refused without a
 * query (on-this-host.ts).
 * `lookupAll` stands in for the system resolver in tests.
 */
export async function resolveName(
  name: string,
  timeoutMs: number,
  lookupAll: (name: string) => Promise<readonly { address: string }[]> = (n) => lookup(n, { all: true }),
): Promise<NameResolution> {
  if (name.length === 0 || name.includes('\0') || isUnderInvalid(name))
    return { ok: false, code: 'ENOTFOUND' };
  // An address written as a name is that address, no query needed (as getaddrinfo reads a numeric host).
  const family = net.isIP(name);
  if (family !== 0)
    return isOnThisHost(name)
      ? { ok: true, addresses: [{ address: name, family: family === 6 ? 6 : 4 }] }
      : { ok: false, code: OFF_HOST };
  if (!isLocalhostName(name)) return { ok: false, code: OFF_HOST };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<NameResolution>((done) => {
    timer = setTimeout(() => done({ ok: false, code: 'ETIMEDOUT' }), timeoutMs);
  });
  const resolved = lookupAll(name).then(
    (found): NameResolution =>
      found.length === 0
        ? { ok: false, code: 'ENOTFOUND' }
        : {
            ok: true,
            addresses: found.map((a) => ({ address: a.address, family: net.isIPv6(a.address) ? 6 : 4 })),
          },
    (error: NodeJS.ErrnoException): NameResolution => ({ ok: false, code: error.code ?? 'ENOTFOUND' }),
  );
  try {
    return await Promise.race([resolved, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
