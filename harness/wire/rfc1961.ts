import { GssMessageType, hex, RFC1961_VERSION } from './constants.js';
import { type DecodeResult, decoded, needMore } from './decode-result.js';

/**
 * RFC 1961 framing: VER X'01', MTYP, LEN (2 octets, network order), TOKEN. The abort message is the two
 * octets VER, X'FF' with no length and no token (§3.8).
 */
export type GssMessage =
  | { readonly kind: 'message'; readonly version: number; readonly type: number; readonly token: Buffer }
  | { readonly kind: 'abort'; readonly version: number };

export interface GssEncoding {
  readonly version?: number;
  /** Overrides LEN (a length that lies about the token). */
  readonly length?: number;
}

export function encodeGssMessage(type: number, token: Uint8Array, options: GssEncoding = {}): Buffer {
  const header = Buffer.alloc(4);
  header[0] = options.version ?? RFC1961_VERSION;
  header[1] = type;
  header.writeUInt16BE((options.length ?? token.length) & 0xffff, 2);
  return Buffer.concat([header, token]);
}

export function encodeGssAbort(version = RFC1961_VERSION): Buffer {
  return Buffer.from([version, GssMessageType.ABORT]);
}

export function decodeGssMessage(buffer: Uint8Array): DecodeResult<GssMessage> {
  if (buffer.length < 2) return needMore;
  if (buffer[1] === GssMessageType.ABORT) return decoded({ kind: 'abort', version: buffer[0]! }, 2);
  if (buffer.length < 4) return needMore;
  const length = (buffer[2]! << 8) | buffer[3]!;
  if (buffer.length < 4 + length) return needMore;
  return decoded(
    {
      kind: 'message',
      version: buffer[0]!,
      type: buffer[1]!,
      token: Buffer.from(buffer.subarray(4, 4 + length)),
    },
    4 + length,
  );
}

const typeNames: Record<number, string> = { 1: 'authentication', 2: 'protection-level', 3: 'encapsulated' };

export function describeGssMessage(message: GssMessage): string {
  if (message.kind === 'abort') return `VER=${message.version} MTYP=X'FF' (abort)`;
  return `VER=${message.version} MTYP=${typeNames[message.type] ?? hex(message.type)} LEN=${message.token.length}`;
}
