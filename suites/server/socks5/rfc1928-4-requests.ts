/**
 * RFC 1928 §4, "Requests": VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT, sent once the method-dependent sub-negotiation has completed.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const requests = defineCases('RFC 1928 §4', 'suites/server/socks5/rfc1928-4-requests.ts', []);
