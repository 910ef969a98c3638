import type { DecodeResult } from '../wire/decode-result.js';
import { decodeSocks4Request, type Socks4DecodeOptions, type Socks4Request } from '../wire/socks4.js';

/**
 * The `socks4-zero-is-4a` fault (3proxy checks only the first three octets of DSTIP): DSTIP 0.0.0.0 is read as
 * the SOCKS4A signal, so the server waits for a domain after the USERID.
 */
export function decodeSocks4aFromZero(
  buffer: Buffer,
  options: Socks4DecodeOptions,
): DecodeResult<Socks4Request> {
  const zero = buffer.length >= 8 && buffer[4] === 0 && buffer[5] === 0 && buffer[6] === 0 && buffer[7] === 0;
  if (!zero) return decodeSocks4Request(buffer, options);
  const signalled = Buffer.from(buffer);
  signalled[7] = 1;
  const result = decodeSocks4Request(signalled, options);
  return result.kind === 'decoded' ? { ...result, value: { ...result.value, ip: '0.0.0.0' } } : result;
}
