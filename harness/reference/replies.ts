import { type Address, ipv4 } from '../wire/address.js';
import { SOCKS5_VERSION } from '../wire/constants.js';
import { encodeReply } from '../wire/socks5-request.js';
import type { Fault } from './faults.js';

type Has = (fault: Fault) => boolean;

/** A reply as RFC 1928 §6 lays it out (RSV X'00'), or as the reply faults break it. */
export function replyMessage(reply: number, address: Address, port: number, has: Has): Buffer {
  return encodeReply(reply, address, port, {
    ...(has('reply-rsv-nonzero') ? { reserved: 0xff } : {}),
    ...(has('reply-version-4') ? { version: 4 } : {}),
  });
}

/** A failure reply at full length; BND carries no meaning on failure, so it is zeros. */
export function failureReply(reply: number, has: Has): Buffer {
  if (has('short-failure-reply')) return Buffer.from([SOCKS5_VERSION, reply]);
  return replyMessage(reply, ipv4('0.0.0.0'), 0, has);
}
