import { ipv4 } from '../wire/address.js';
import { GssMessageType, RFC1961_VERSION } from '../wire/constants.js';
import { encodeGssAbort, encodeGssMessage, type GssMessage } from '../wire/rfc1961.js';
import { encodeReply } from '../wire/socks5-request.js';
import type { Fault } from './faults.js';

/** What the server sends, and whether it then closes, keeps waiting for the next message, or just stays open. */
export interface GssAnswer {
  readonly bytes: Buffer;
  readonly afterwards: 'close' | 'wait' | 'stay-open';
}

const CONTINUATION_TOKEN = Buffer.from('reference: continue');

/**
 * RFC 1961 without a GSS-API mechanism: no context can be established, so every complete message is refused
 * with the 2-octet abort (§3.8) and the connection closed. The faults answer what a broken server would.
 */
export function gssapiAnswer(message: GssMessage, has: (fault: Fault) => boolean): GssAnswer {
  if (message.kind === 'message') {
    const { version, type } = message;
    if (has('gssapi-continue-any-version') && version !== RFC1961_VERSION) return continuation();
    if (has('gssapi-continue-any-mtyp') && type > GssMessageType.ENCAPSULATION) return continuation();
    if (has('gssapi-protection-before-context') && type === GssMessageType.PROTECTION) {
      return { bytes: encodeGssMessage(GssMessageType.PROTECTION, Buffer.from([1])), afterwards: 'wait' };
    }
    if (has('gssapi-encap-before-context') && type === GssMessageType.ENCAPSULATION) {
      const reply = encodeReply(0x00, ipv4('127.0.0.1'), 0);
      return { bytes: encodeGssMessage(GssMessageType.ENCAPSULATION, reply), afterwards: 'wait' };
    }
  }
  if (has('gssapi-close-without-abort')) return { bytes: Buffer.alloc(0), afterwards: 'close' };
  if (has('gssapi-abort-with-length'))
    return { bytes: Buffer.from([RFC1961_VERSION, 0xff, 0, 0]), afterwards: 'close' };
  const abort = encodeGssAbort(has('gssapi-abort-version-5') ? 0x05 : RFC1961_VERSION);
  return { bytes: abort, afterwards: has('gssapi-abort-stays-open') ? 'stay-open' : 'close' };
}

function continuation(): GssAnswer {
  return { bytes: encodeGssMessage(GssMessageType.AUTHENTICATION, CONTINUATION_TOKEN), afterwards: 'wait' };
}
