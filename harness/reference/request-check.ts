import { Reply, SOCKS5_VERSION } from '../wire/constants.js';
import type { Request } from '../wire/socks5-request.js';
import type { PolicyRule } from './config.js';
import type { Fault } from './faults.js';

type Has = (fault: Fault) => boolean;

/** What the server does with a decoded request before any command handler sees it. */
export type Refusal = { readonly reply: number } | 'close' | undefined;

const MAX_DOMAIN_OCTETS = 255;

/**
 * RFC 1928 §4 leaves no room for a VER other than X'05' or an RSV other than X'00'; the reference refuses both
 * with REP 01 (the spec has no more specific code for a malformed request). A well-formed request the ruleset
 * refuses gets the rule's REP.
 */
export function refusalOf(request: Request, has: Has, policy: readonly PolicyRule[] = []): Refusal {
  if (request.version !== SOCKS5_VERSION && !has('accept-request-version')) {
    return { reply: Reply.GENERAL_FAILURE };
  }
  if (request.reserved !== 0x00) return { reply: Reply.GENERAL_FAILURE };
  if (
    has('domain-length-limit-254') &&
    request.address.type === 'domain' &&
    Buffer.byteLength(request.address.host, 'latin1') === MAX_DOMAIN_OCTETS
  ) {
    return 'close';
  }
  const rule = policy.find(
    (r) =>
      'reply' in r &&
      (r.command === undefined || r.command === request.command) &&
      (r.addressType === undefined || r.addressType === request.address.type),
  );
  return rule && 'reply' in rule ? { reply: rule.reply } : undefined;
}

/** The request as the `port-little-endian` fault reads it. */
export function asRead(request: Request, has: Has): Request {
  if (!has('port-little-endian')) return request;
  const port = ((request.port & 0xff) << 8) | (request.port >> 8);
  return { ...request, port };
}
