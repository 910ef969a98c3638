/**
 * RFC 1928 §6, UDP ASSOCIATE: the reply names the relay; the association lives as long as its TCP connection.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const udpAssociate = defineCases(
  'RFC 1928 §6 UDP ASSOCIATE',
  'suites/server/socks5/rfc1928-6-udp-associate.ts',
  [],
);
