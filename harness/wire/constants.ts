/** Numeric values fixed by RFC 1928, RFC 1929, RFC 1961 and the SOCKS4/4A protocol documents. */

export const SOCKS5_VERSION = 0x05;
export const SOCKS4_VERSION = 0x04;
export const SOCKS4_REPLY_VERSION = 0x00;
export const RFC1929_VERSION = 0x01;
export const RFC1961_VERSION = 0x01;

export const Method = {
  NO_AUTH: 0x00,
  GSSAPI: 0x01,
  USERNAME_PASSWORD: 0x02,
  NO_ACCEPTABLE: 0xff,
} as const;

export const Command = {
  CONNECT: 0x01,
  BIND: 0x02,
  UDP_ASSOCIATE: 0x03,
} as const;

export const Reply = {
  SUCCEEDED: 0x00,
  GENERAL_FAILURE: 0x01,
  NOT_ALLOWED: 0x02,
  NETWORK_UNREACHABLE: 0x03,
  HOST_UNREACHABLE: 0x04,
  CONNECTION_REFUSED: 0x05,
  TTL_EXPIRED: 0x06,
  COMMAND_NOT_SUPPORTED: 0x07,
  ADDRESS_TYPE_NOT_SUPPORTED: 0x08,
} as const;

export const AddressType = {
  IPV4: 0x01,
  DOMAIN: 0x03,
  IPV6: 0x04,
} as const;

export const Socks4Command = {
  CONNECT: 0x01,
  BIND: 0x02,
} as const;

export const Socks4Code = {
  GRANTED: 90,
  REJECTED: 91,
  NO_IDENTD: 92,
  IDENTD_MISMATCH: 93,
} as const;

export const GssMessageType = {
  AUTHENTICATION: 0x01,
  PROTECTION: 0x02,
  ENCAPSULATION: 0x03,
  ABORT: 0xff,
} as const;

const methodNames: Record<number, string> = {
  0: 'NO-AUTH',
  1: 'GSSAPI',
  2: 'USERNAME/PASSWORD',
  3: 'CHAP',
  5: 'CRAM',
  6: 'SSL',
  7: 'NDS',
  8: 'MAF',
  9: 'JSON-PARAMETER-BLOCK',
  255: 'NO-ACCEPTABLE',
};

export function methodName(method: number): string {
  const known = methodNames[method];
  if (known) return known;
  if (method >= 0x80 && method <= 0xfe) return `PRIVATE-${hex(method)}`;
  return `UNASSIGNED-${hex(method)}`;
}

const commandNames: Record<number, string> = { 1: 'CONNECT', 2: 'BIND', 3: 'UDP-ASSOCIATE' };

export function commandName(command: number): string {
  return commandNames[command] ?? `UNDEFINED-CMD-${hex(command)}`;
}

const replyNames: Record<number, string> = {
  0: 'succeeded',
  1: 'general failure',
  2: 'not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

export function replyName(reply: number): string {
  return replyNames[reply] ?? `unassigned REP ${hex(reply)}`;
}

const socks4ReplyNames: Record<number, string> = {
  90: 'granted',
  91: 'rejected or failed',
  92: 'rejected: no identd',
  93: 'rejected: identd user mismatch',
};

export function socks4ReplyName(code: number): string {
  return socks4ReplyNames[code] ?? `undefined CD ${code}`;
}

export function hex(byte: number): string {
  return `X'${byte.toString(16).toUpperCase().padStart(2, '0')}'`;
}
