/**
 * RFC 1928 §7, "Procedure for UDP-based clients": the UDP request header, the source-IP check, fragmentation.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const udpRelay = defineCases('RFC 1928 §7', 'suites/server/socks5/rfc1928-7-udp-relay.ts', []);
