import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

/** The destination a client case sends its client to: `{host}` as the client was given it, and the port. */
export interface CaseDestination {
  readonly host: string;
  readonly port: number;
}

function isLoopback(host: string): boolean {
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/**
 * Whether a CONNECT to `host` (an address, or a domain's octets as latin1 characters) and `port` is for the case's
 * destination. Generous on purpose, so that a client that mangles its request is still judged on it: the case's
 * port, any loopback address or `.localhost` name, a name that is no host name (empty, or an octet outside
 * letters, digits, `-`, `_` and `.`: a LEN read from the wrong octet, as PySocks' UTF-8 LEN for 265 is), or one
 * of whose encodings starts with the other (a LEN that wrapped or counted UTF-16 code units cuts the name short). Only a request to another host on another
 * port (a browser's background connection to its vendor's servers) is not.
 */
export function namesCaseDestination(target: CaseDestination, host: string, port: number): boolean {
  if (port === target.port || isLoopback(host)) return true;
  if (ipaddr.isValid(host)) return false;
  const name = host.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost') || name.endsWith('.localhost.')) return true;
  const forms = [Buffer.from(target.host, 'utf8').toString('latin1'), domainToASCII(target.host)].map((f) =>
    f.toLowerCase(),
  );
  if (!/^[a-z0-9_.-]+$/.test(name)) return true;
  return forms.some((form) => form.startsWith(name) || name.startsWith(form));
}
