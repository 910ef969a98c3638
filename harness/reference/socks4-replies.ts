import { ipv4 } from '../wire/address.js';
import { Reply, SOCKS4_REPLY_VERSION, SOCKS4_VERSION, Socks4Code } from '../wire/constants.js';
import { encodeSocks4Reply } from '../wire/socks4.js';
import { encodeReply } from '../wire/socks5-request.js';
import type { Fault } from './faults.js';

type Has = (fault: Fault) => boolean;

/** A SOCKS4 reply: 8 octets, VN 0 (VN 4 under the `socks4-reply-vn-4` fault). */
export function socks4Reply(code: number, has: Has, ip = '0.0.0.0', port = 0): Buffer {
  return encodeSocks4Reply(code, ip, port, has('socks4-reply-vn-4') ? SOCKS4_VERSION : SOCKS4_REPLY_VERSION);
}

/** The rejection reply (CD 91), or what a faulty server sends in its place. */
export function socks4Rejection(has: Has): Buffer {
  if (has('socks4-reject-short-reply')) return Buffer.from([SOCKS4_REPLY_VERSION, Socks4Code.REJECTED]);
  if (has('socks4-failure-in-socks5-form')) return encodeReply(Reply.GENERAL_FAILURE, ipv4('0.0.0.0'), 0);
  return socks4Reply(Socks4Code.REJECTED, has);
}
