import { AddressType } from '../wire/constants.js';
import { type DecodeResult, malformed, needMore } from '../wire/decode-result.js';
import { decodeRequest, type Request } from '../wire/socks5-request.js';

/** VER, CMD, RSV, ATYP: the length octet of a name follows them. */
const LENGTH_AT = 4;

/** How many octets the first `count` UTF-8 characters from `start` take, or undefined until all have arrived. */
function octetsOfCharacters(buffer: Uint8Array, start: number, count: number): number | undefined {
  let at = start;
  for (let i = 0; i < count; i++) {
    const lead = buffer[at];
    if (lead === undefined) return undefined;
    at += lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  }
  return at <= buffer.length ? at - start : undefined;
}

/**
 * A request as the `domain-length-in-characters` fault reads it: the length octet of a name counts UTF-8
 * characters, so a name with multi-octet characters takes more octets than LEN says (DST.PORT among them).
 */
export function decodeRequestCountingCharacters(buffer: Uint8Array): DecodeResult<Request> {
  const count = buffer[LENGTH_AT];
  if (buffer[3] !== AddressType.DOMAIN || count === undefined) return decodeRequest(buffer);
  const octets = octetsOfCharacters(buffer, LENGTH_AT + 1, count);
  if (octets === undefined) return needMore;
  if (octets > 255) return malformed(`${count} characters take ${octets} octets`);
  // The same octets with LEN set to what this server reads, so the codec decodes the rest as it would.
  const reframed = Buffer.from(buffer);
  reframed[LENGTH_AT] = octets;
  return decodeRequest(reframed);
}
