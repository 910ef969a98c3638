import { RFC1929_VERSION } from '../wire/constants.js';
import { encodeAuthResponse } from '../wire/rfc1929.js';
import type { Fault } from './faults.js';

/**
 * RFC 1929 §2: the answer to a request is VER X'01' and STATUS, two octets. The faults answer what a broken
 * server would; `request` is the request's octets as received.
 */
export function authAnswer(request: Uint8Array, ok: boolean, has: (fault: Fault) => boolean): Buffer {
  if (!ok && has('auth-failure-echoes-request')) {
    const echoed = Buffer.from(request);
    echoed[1] = 0xff;
    return echoed;
  }
  const response = encodeAuthResponse(
    ok ? 0x00 : 0x01,
    has('auth-response-version-5') ? 0x05 : RFC1929_VERSION,
  );
  if (has('auth-response-echoes-request')) return Buffer.concat([response, request]);
  if (has('auth-response-trailing-byte')) return Buffer.concat([response, Buffer.from([0])]);
  return response;
}
