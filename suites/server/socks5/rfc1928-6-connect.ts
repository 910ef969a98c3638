/**
 * RFC 1928 §6, CONNECT: the reply reflects the outbound connection; after REP X'00' data flows both ways.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const connect = defineCases('RFC 1928 §6 CONNECT', 'suites/server/socks5/rfc1928-6-connect.ts', []);
