/**
 * RFC 1928 §6, "Replies": VER, REP, RSV, ATYP, BND.ADDR, BND.PORT, and the close within 10 seconds after a failure reply.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const replies = defineCases('RFC 1928 §6', 'suites/server/socks5/rfc1928-6-replies.ts', []);
