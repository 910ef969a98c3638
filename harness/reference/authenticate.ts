import { RFC1929_VERSION } from '../wire/constants.js';
import type { AuthRequest } from '../wire/rfc1929.js';
import type { ReferenceConfig } from './config.js';

/**
 * RFC 1929 §2: the server verifies UNAME and PASSWD. Both are 1 to 255 octets, so an empty one matches no
 * account, and a request of another VER is not a username/password request at all.
 */
export function authenticates(request: AuthRequest, config: ReferenceConfig): boolean {
  const { faults, users } = config;
  if (faults.has('auth-accept-any')) return true;
  if (request.version !== RFC1929_VERSION || request.username.length === 0) return false;
  if (!Object.hasOwn(users, request.username)) return false;
  if (request.password.length === 0) return faults.has('auth-accept-empty-password');
  return users[request.username] === request.password;
}
