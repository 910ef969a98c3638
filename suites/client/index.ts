import type { ClientCaseGroup } from '../../harness/model/client-case.js';
import socks4 from './socks4/socks4.js';
import methodNegotiation from './socks5/rfc1928-3-method-negotiation.js';
import requests from './socks5/rfc1928-4-requests.js';
import replies from './socks5/rfc1928-6-replies.js';
import udp from './socks5/rfc1928-7-udp.js';
import rfc1929 from './socks5/rfc1929.js';
import rfc1961 from './socks5/rfc1961.js';

/** Every client case, in report order. */
export const clientGroups: readonly ClientCaseGroup[] = [
  methodNegotiation,
  rfc1929,
  rfc1961,
  requests,
  replies,
  udp,
  socks4,
];
