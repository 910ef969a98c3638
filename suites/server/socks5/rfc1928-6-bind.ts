/**
 * RFC 1928 §6, BIND: a first reply naming the listening address, a second naming the peer that connected.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const bind = defineCases('RFC 1928 §6 BIND', 'suites/server/socks5/rfc1928-6-bind.ts', []);
