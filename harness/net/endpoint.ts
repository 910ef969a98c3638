import ipaddr from 'ipaddr.js';

/** A host (IP literal or name; IPv6 without brackets) and a port. */
export interface Endpoint {
  host: string;
  port: number;
}

export type ParseEndpointResult = { ok: true; endpoint: Endpoint } | { ok: false; reason: string };

/** `127.0.0.1:1080`, `[::1]:1080`, `proxy.example:1080`. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

const HOSTNAME_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;
const LOOKS_LIKE_IPV4 = /^[0-9.]+$/;

/** Parses `1.2.3.4:1080`, `[::1]:1080` or `host.name:1080`; the port must be 1..65535. */
export function parseEndpoint(text: string): ParseEndpointResult {
  const trimmed = text.trim();
  const split = splitHostPort(trimmed);
  if (!split.ok) return split;
  const { host, port: portText, bracketed } = split;
  if (!/^[0-9]{1,5}$/.test(portText)) return { ok: false, reason: `port "${portText}" is not a number` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { ok: false, reason: `port ${port} is outside 1..65535` };
  if (bracketed) {
    if (!ipaddr.IPv6.isValid(host)) return { ok: false, reason: `"${host}" is not a valid IPv6 address` };
    return { ok: true, endpoint: { host, port } };
  }
  if (LOOKS_LIKE_IPV4.test(host)) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(host)) {
      return { ok: false, reason: `"${host}" is not a valid IPv4 address` };
    }
    return { ok: true, endpoint: { host, port } };
  }
  if (!isHostname(host)) return { ok: false, reason: `"${host}" is not a valid host name` };
  return { ok: true, endpoint: { host, port } };
}

function splitHostPort(
  text: string,
): { ok: true; host: string; port: string; bracketed: boolean } | { ok: false; reason: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, reason: `"${text}" has "[" without "]"` };
    if (text[close + 1] !== ':') {
      return { ok: false, reason: `"${text}" needs a port after "]", as in [::1]:1080` };
    }
    return { ok: true, host: text.slice(1, close), port: text.slice(close + 2), bracketed: true };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { ok: false, reason: `"${text}" needs a port, as in 127.0.0.1:1080` };
  const host = text.slice(0, colon);
  if (host.includes(':')) {
    return { ok: false, reason: `"${text}": an IPv6 address must be in brackets, as in [::1]:1080` };
  }
  if (host === '') return { ok: false, reason: `"${text}" has no host` };
  return { ok: true, host, port: text.slice(colon + 1), bracketed: false };
}

function isHostname(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => HOSTNAME_LABEL.test(label));
}
