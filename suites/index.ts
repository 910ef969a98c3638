import type { CaseGroup } from '../harness/runner/case.js';
import { methodNegotiation } from './server/socks5/rfc1928-3-method-negotiation.js';
import { usernamePassword } from './server/socks5/rfc1929.js';

/** Every server case group, in the order of the spec. */
export const serverGroups: readonly CaseGroup[] = [methodNegotiation, usernamePassword];
