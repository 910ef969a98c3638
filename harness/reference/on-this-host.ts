import ipaddr from 'ipaddr.js';

/**
 * The reference reaches this host only: loopback addresses (127.0.0.0/8, ::1, IPv4-mapped loopback) and names
 * under `localhost` (RFC 6761 §6.3), which resolve to them. It is a test target, and no traffic of a test leaves
 * the host; a destination elsewhere, which only a fuzz input or a mutant misreading octets (one that reads the
 * octets of several connections as one request) could name, is refused as its ruleset's, with no connection and
 * no DNS query. The unspecified address, which Linux connects to this host, is this host's too.
 */
export function isOnThisHost(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.process(address).range();
  return range === 'loopback' || range === 'unspecified';
}

/** `localhost` and the names under it, with or without a trailing dot. */
export function isLocalhostName(name: string): boolean {
  return /(^|\.)localhost\.?$/i.test(name);
}

/** The error code of a destination refused for being off this host; it maps to REP 02 and CD 91. */
export const OFF_HOST = 'EOFFHOST';
