import { dottedQuad, encodePort, latin1 } from './address.js';
import { SOCKS4_REPLY_VERSION, SOCKS4_VERSION, socks4ReplyName } from './constants.js';
import { type DecodeResult, decoded, malformed, needMore } from './decode-result.js';

/**
 * SOCKS4 request: VN, CD, DSTPORT, DSTIP, USERID, NUL. SOCKS4A: DSTIP 0.0.0.x with x not 0, and the domain
 * follows the USERID's NUL, terminated by another NUL. Strings are octets kept as latin1.
 */
export interface Socks4Request {
  readonly version: number;
  readonly command: number;
  readonly port: number;
  readonly ip: string;
  readonly userId: string;
  /** Present when DSTIP is 0.0.0.x with x not 0 and the decoder was asked to read SOCKS4A. */
  readonly domain?: string;
}

export interface Socks4RequestEncoding {
  readonly version?: number;
  readonly userId?: string;
  readonly domain?: string;
  readonly terminateUserId?: boolean;
  readonly terminateDomain?: boolean;
}

export function encodeSocks4Request(
  command: number,
  ip: string,
  port: number,
  options: Socks4RequestEncoding = {},
): Buffer {
  const parts = [
    Buffer.from([options.version ?? SOCKS4_VERSION, command]),
    encodePort(port),
    Buffer.from(ip.split('.').map((octet) => Number(octet) & 0xff)),
    Buffer.from(options.userId ?? '', 'latin1'),
  ];
  if (options.terminateUserId !== false) parts.push(Buffer.from([0]));
  if (options.domain !== undefined) {
    parts.push(Buffer.from(options.domain, 'latin1'));
    if (options.terminateDomain !== false) parts.push(Buffer.from([0]));
  }
  return Buffer.concat(parts);
}

/** True for the SOCKS4A signal: DSTIP 0.0.0.x with x not 0 (0.0.0.0 is not the signal). */
export function isSocks4aSignal(ip: string): boolean {
  const octets = ip.split('.');
  return octets[0] === '0' && octets[1] === '0' && octets[2] === '0' && octets[3] !== '0';
}

export interface Socks4DecodeOptions {
  /** Read a domain after the USERID when DSTIP is the SOCKS4A signal. */
  readonly socks4a?: boolean;
  /** Longest USERID or domain accepted before the terminating NUL (a bound against endless input). */
  readonly maxField?: number;
}

function readNulTerminated(buffer: Uint8Array, start: number, max: number, what: string) {
  const limit = Math.min(buffer.length, start + max + 1);
  for (let i = start; i < limit; i++) {
    if (buffer[i] === 0)
      return {
        kind: 'found' as const,
        value: latin1(buffer, start, i),
        end: i + 1,
      };
  }
  if (buffer.length > start + max)
    return { kind: 'too-long' as const, reason: `${what} not terminated within ${max} octets` };
  return { kind: 'need-more' as const };
}

export function decodeSocks4Request(
  buffer: Uint8Array,
  options: Socks4DecodeOptions = {},
): DecodeResult<Socks4Request> {
  const max = options.maxField ?? 1024;
  if (buffer.length < 9) return needMore;
  const port = (buffer[2]! << 8) | buffer[3]!;
  const ip = dottedQuad(buffer, 4);
  const user = readNulTerminated(buffer, 8, max, 'USERID');
  if (user.kind === 'too-long') return malformed(user.reason);
  if (user.kind === 'need-more') return needMore;
  const base = { version: buffer[0]!, command: buffer[1]!, port, ip, userId: user.value };
  const signal = buffer[4] === 0 && buffer[5] === 0 && buffer[6] === 0 && buffer[7] !== 0;
  if (!options.socks4a || !signal) return decoded(base, user.end);
  const name = readNulTerminated(buffer, user.end, max, 'SOCKS4A domain');
  if (name.kind === 'too-long') return malformed(name.reason);
  if (name.kind === 'need-more') return needMore;
  return decoded({ ...base, domain: name.value }, name.end);
}

export function describeSocks4Request(request: Socks4Request): string {
  const target =
    request.domain !== undefined ? `${JSON.stringify(request.domain)} (4A, DSTIP ${request.ip})` : request.ip;
  return `VN=${request.version} CD=${request.command} DST=${target}:${request.port} USERID=${JSON.stringify(request.userId)}`;
}

/** SOCKS4 reply: VN, CD, DSTPORT, DSTIP, always 8 octets. */
export interface Socks4Reply {
  readonly version: number;
  readonly code: number;
  readonly port: number;
  readonly ip: string;
}

export function encodeSocks4Reply(
  code: number,
  ip = '0.0.0.0',
  port = 0,
  version = SOCKS4_REPLY_VERSION,
): Buffer {
  return Buffer.concat([
    Buffer.from([version, code]),
    encodePort(port),
    Buffer.from(ip.split('.').map(Number)),
  ]);
}

export function decodeSocks4Reply(buffer: Uint8Array): DecodeResult<Socks4Reply> {
  if (buffer.length < 8) return needMore;
  return decoded(
    {
      version: buffer[0]!,
      code: buffer[1]!,
      port: (buffer[2]! << 8) | buffer[3]!,
      ip: dottedQuad(buffer, 4),
    },
    8,
  );
}

export function describeSocks4Reply(reply: Socks4Reply): string {
  return `VN=${reply.version} CD=${reply.code} (${socks4ReplyName(reply.code)}) ${reply.ip}:${reply.port}`;
}
