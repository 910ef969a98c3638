import type { ServerScript, Socks5Script } from '../../harness/reference/server-script.js';
import { type Address, ipv4 } from '../../harness/wire/address.js';
import { Command, Method, Reply, Socks4Code } from '../../harness/wire/constants.js';
import { encodeSocks4Reply } from '../../harness/wire/socks4.js';
import { encodeReply, type RequestEncoding } from '../../harness/wire/socks5-request.js';

/** The port a scripted reply names in BND (any value will do: a CONNECT client does not dial BND). */
export const BND_PORT = 40_000;

export function socks5Reply(
  reply: number,
  bnd: Address = ipv4('127.0.0.1'),
  options: RequestEncoding = {},
): Buffer {
  return encodeReply(reply, bnd, BND_PORT, options);
}

/** A server that needs no authentication (and takes any RFC 1929 credentials from a client offering only 02). */
export function socks5(
  overrides: Partial<Socks5Script> = {},
  chunking: ServerScript['chunking'] = 'whole',
): ServerScript {
  return {
    chunking,
    socks5: {
      methods: [Method.NO_AUTH, Method.USERNAME_PASSWORD],
      reply: socks5Reply(Reply.SUCCEEDED),
      ...overrides,
    },
  };
}

export function socks4(
  code: number = Socks4Code.GRANTED,
  overrides: Partial<NonNullable<ServerScript['socks4']>> = {},
  chunking: ServerScript['chunking'] = 'whole',
): ServerScript {
  return { chunking, socks4: { reply: encodeSocks4Reply(code, '127.0.0.1', BND_PORT), ...overrides } };
}

export { Command };
