import ipaddr from 'ipaddr.js';
import { type Feature, features, type SocksVersion } from '../harness/model/case.js';
import { type Endpoint, parseEndpoint } from '../harness/net/endpoint.js';
import { type Fault, faultCatalogue, isFault } from '../harness/reference/faults.js';
import { UsageError } from './usage-error.js';

/** A `--target`: the address, and from a URL the versions its scheme names and the credentials in it. */
export interface TargetAddress {
  readonly endpoint: Endpoint;
  /** `socks5://`, `socks5h://`: SOCKS5; `socks4://`: SOCKS4; `socks4a://`: SOCKS4 and 4A. Absent: all. */
  readonly versions?: readonly SocksVersion[];
  readonly credentials?: { readonly username: string; readonly password: string };
}

const schemeVersions: Record<string, readonly SocksVersion[]> = {
  socks5: ['5'],
  socks5h: ['5'],
  socks4: ['4'],
  socks4a: ['4', '4a'],
};

const DEFAULT_SOCKS_PORT = '1080';

/**
 * `host:port`, `[v6]:port`, or a `socks5://`, `socks5h://`, `socks4://`, `socks4a://` URL (port 1080 when it has
 * none; `user:password@` in it as credentials). A message about a bad URL never repeats its credentials.
 */
export function parseTarget(text: string): TargetAddress {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text.trim())?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const parsed = parseEndpoint(text);
    if (!parsed.ok) throw new UsageError(`--target ${JSON.stringify(text)}: ${parsed.reason}`);
    return { endpoint: parsed.endpoint };
  }
  const versions = schemeVersions[scheme];
  const shown = text.trim().replace(/\/\/[^@/]*@/, '//');
  if (versions === undefined)
    throw new UsageError(
      `--target ${JSON.stringify(shown)}: the scheme must be socks5://, socks5h://, socks4:// or socks4a://`,
    );
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`--target ${JSON.stringify(shown)}: not a valid URL`);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
    throw new UsageError(`--target ${JSON.stringify(shown)}: a SOCKS URL names a host and a port only`);
  const parsed = parseEndpoint(`${url.hostname}:${url.port || DEFAULT_SOCKS_PORT}`);
  if (!parsed.ok) throw new UsageError(`--target ${JSON.stringify(shown)}: ${parsed.reason}`);
  const credentials =
    url.username === '' && url.password === ''
      ? undefined
      : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return { endpoint: parsed.endpoint, versions, ...(credentials ? { credentials } : {}) };
}

export function parsePositiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

export function parsePositiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${name} must be a positive number, not ${JSON.stringify(text)}`);
  return value;
}

export function parsePort(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new UsageError(`--port must be 0..65535, not ${JSON.stringify(text)}`);
  return value;
}

export function parseFaults(names: readonly string[]): Set<Fault> {
  const faults = new Set<Fault>();
  for (const name of names) {
    if (!isFault(name)) {
      throw new UsageError(
        `unknown fault ${JSON.stringify(name)}; known: ${Object.keys(faultCatalogue).join(', ')}`,
      );
    }
    faults.add(name);
  }
  return faults;
}

export const collect = (value: string, previous: string[]) => [...previous, value];

/** `--expect bind,udp --expect ipv6`: the optional features whose absence is a failure. */
export function parseFeatures(values: readonly string[]): Feature[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  for (const name of names) {
    if (!(features as readonly string[]).includes(name)) {
      throw new UsageError(`--expect ${JSON.stringify(name)}: not a feature; known: ${features.join(', ')}`);
    }
  }
  return [...new Set(names)] as Feature[];
}

/** `--alt-source`: a second address of this host, the source of datagrams and peers the target must refuse. */
export function parseSourceAddress(text: string): string {
  if (!ipaddr.isValid(text))
    throw new UsageError(`--alt-source must be an IP address, not ${JSON.stringify(text)}`);
  return ipaddr.parse(text).toString();
}
