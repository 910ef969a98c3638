import {
  type Address,
  type AddressEncoding,
  decodeAddressAndPort,
  describeAddress,
  encodeAddress,
  encodePort,
} from './address.js';
import { commandName, replyName, SOCKS5_VERSION } from './constants.js';
import { type DecodeResult, decoded, needMore } from './decode-result.js';

/** RFC 1928 §4: VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT. */
export interface Request {
  readonly version: number;
  readonly command: number;
  readonly reserved: number;
  readonly address: Address;
  readonly port: number;
}

export interface RequestEncoding extends AddressEncoding {
  readonly version?: number;
  readonly reserved?: number;
}

export function encodeRequest(
  command: number,
  address: Address,
  port: number,
  options: RequestEncoding = {},
): Buffer {
  return Buffer.concat([
    Buffer.from([options.version ?? SOCKS5_VERSION, command, options.reserved ?? 0x00]),
    encodeAddress(address, options),
    encodePort(port),
  ]);
}

/** Structural decode: VER, CMD and RSV are returned as received; only an unknown ATYP is malformed. */
export function decodeRequest(buffer: Uint8Array): DecodeResult<Request> {
  if (buffer.length < 4) return needMore;
  const rest = decodeAddressAndPort(buffer, 3);
  if (rest.kind !== 'decoded') return rest;
  const { address, port } = rest.value;
  return decoded(
    { version: buffer[0]!, command: buffer[1]!, reserved: buffer[2]!, address, port },
    3 + rest.length,
  );
}

export function describeRequest(request: Request): string {
  return `VER=${request.version} CMD=${commandName(request.command)} RSV=${request.reserved} ${describeAddress(request.address, request.port)}`;
}

/** RFC 1928 §6: VER, REP, RSV, ATYP, BND.ADDR, BND.PORT. Same layout as a request. */
export interface ReplyMessage {
  readonly version: number;
  readonly reply: number;
  readonly reserved: number;
  readonly address: Address;
  readonly port: number;
}

export function encodeReply(
  reply: number,
  address: Address,
  port: number,
  options: RequestEncoding = {},
): Buffer {
  return encodeRequest(reply, address, port, options);
}

export function decodeReply(buffer: Uint8Array): DecodeResult<ReplyMessage> {
  const result = decodeRequest(buffer);
  if (result.kind !== 'decoded') return result;
  const { version, command, reserved, address, port } = result.value;
  return decoded({ version, reserved, address, port, reply: command }, result.length);
}

export function describeReply(reply: ReplyMessage): string {
  return `VER=${reply.version} REP=${reply.reply} (${replyName(reply.reply)}) RSV=${reply.reserved} BND ${describeAddress(reply.address, reply.port)}`;
}
