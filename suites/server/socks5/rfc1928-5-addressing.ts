/**
 * RFC 1928 §5, "Addressing": ATYP X'01' IPv4, X'03' a length-prefixed domain name, X'04' IPv6.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const addressing = defineCases('RFC 1928 §5', 'suites/server/socks5/rfc1928-5-addressing.ts', []);
