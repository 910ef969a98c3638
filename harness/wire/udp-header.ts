import {
  type Address,
  type AddressEncoding,
  decodeAddressAndPort,
  describeAddress,
  encodeAddress,
  encodePort,
} from './address.js';
import { type DecodeResult, decoded, malformed } from './decode-result.js';

/** RFC 1928 §7: RSV (2 octets), FRAG, ATYP, DST.ADDR, DST.PORT, DATA. One datagram, decoded whole. */
export interface UdpDatagram {
  readonly reserved: number;
  readonly fragment: number;
  readonly address: Address;
  readonly port: number;
  readonly data: Buffer;
}

export interface UdpEncoding extends AddressEncoding {
  readonly reserved?: number;
  readonly fragment?: number;
}

export function encodeUdpDatagram(
  address: Address,
  port: number,
  data: Uint8Array,
  options: UdpEncoding = {},
): Buffer {
  const header = Buffer.alloc(3);
  header.writeUInt16BE((options.reserved ?? 0) & 0xffff, 0);
  header[2] = options.fragment ?? 0;
  return Buffer.concat([header, encodeAddress(address, options), encodePort(port), data]);
}

/** A datagram is complete as received: a header cut short is malformed, never "need more". */
export function decodeUdpDatagram(datagram: Uint8Array): DecodeResult<UdpDatagram> {
  if (datagram.length < 4)
    return malformed(`datagram of ${datagram.length} octets is shorter than a UDP request header`);
  const rest = decodeAddressAndPort(datagram, 3);
  if (rest.kind === 'malformed') return rest;
  if (rest.kind === 'need-more') return malformed('UDP request header truncated');
  const headerLength = 3 + rest.length;
  return decoded(
    {
      reserved: (datagram[0]! << 8) | datagram[1]!,
      fragment: datagram[2]!,
      ...rest.value,
      data: Buffer.from(datagram.subarray(headerLength)),
    },
    datagram.length,
  );
}

export function describeFragment(fragment: number): string {
  if (fragment === 0) return 'FRAG=0 (standalone)';
  const position = fragment & 0x7f;
  return `FRAG=${position}${fragment & 0x80 ? ' (end of sequence)' : ''}`;
}

export function describeUdpDatagram(datagram: UdpDatagram): string {
  return `RSV=${datagram.reserved} ${describeFragment(datagram.fragment)} ${describeAddress(datagram.address, datagram.port)} DATA=${datagram.data.length} octets`;
}
