import type { CaseGroup } from '../harness/model/case.js';
import { corpusRegressions } from './server/corpus-regressions.js';
import { socks4Bind } from './server/socks4/socks4-bind.js';
import { socks4Connect } from './server/socks4/socks4-connect.js';
import { socks4Replies } from './server/socks4/socks4-replies.js';
import { socks4Request } from './server/socks4/socks4-request.js';
import { socks4a } from './server/socks4/socks4a.js';
import { versionDispatch } from './server/socks4/version-dispatch.js';
import { methodNegotiation } from './server/socks5/rfc1928-3-method-negotiation.js';
import { requests } from './server/socks5/rfc1928-4-requests.js';
import { addressing } from './server/socks5/rfc1928-5-addressing.js';
import { bind } from './server/socks5/rfc1928-6-bind.js';
import { connect } from './server/socks5/rfc1928-6-connect.js';
import { replies } from './server/socks5/rfc1928-6-replies.js';
import { udpAssociate } from './server/socks5/rfc1928-6-udp-associate.js';
import { udpRelay } from './server/socks5/rfc1928-7-udp-relay.js';
import { usernamePassword } from './server/socks5/rfc1929.js';
import { gssapiFraming } from './server/socks5/rfc1961.js';

/** Every server case group, in the order of the spec. */
export const serverGroups: readonly CaseGroup[] = [
  methodNegotiation,
  requests,
  addressing,
  replies,
  connect,
  bind,
  udpAssociate,
  udpRelay,
  usernamePassword,
  gssapiFraming,
  socks4Request,
  socks4Replies,
  socks4Connect,
  socks4Bind,
  socks4a,
  versionDispatch,
  corpusRegressions,
];
