import { AddressType } from '../wire/constants.js';
import type { DecodeResult } from '../wire/decode-result.js';
import { decodeUdpDatagram, type UdpDatagram } from '../wire/udp-header.js';

/**
 * Decodes a client's datagram. With `clampDomain` (a fault) a domain length that runs past the datagram is cut
 * to the octets present, the last two taken as the port, as a careless parser would.
 */
export function decodeClientDatagram(bytes: Buffer, clampDomain: boolean): DecodeResult<UdpDatagram> {
  const result = decodeUdpDatagram(bytes);
  if (result.kind === 'decoded' || !clampDomain) return result;
  if (bytes.length < 7 || bytes[3] !== AddressType.DOMAIN) return result;
  const present = bytes.length - 5 - 2;
  if (present < 1 || present >= bytes[4]!) return result;
  const clamped = Buffer.from(bytes);
  clamped[4] = present;
  return decodeUdpDatagram(clamped);
}
