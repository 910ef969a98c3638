import { type Decoder, decoded, needMore } from '../wire/decode-result.js';

/** Decodes exactly `n` bytes, whatever they are. */
export function fixedLength(n: number): Decoder<Buffer> {
  const length = Math.max(0, Math.floor(n));
  return (buffer) =>
    buffer.length >= length ? decoded(Buffer.from(buffer.subarray(0, length)), length) : needMore;
}

/** Decodes whatever is buffered, as soon as there is at least one byte. */
export const anyBytes: Decoder<Buffer> = (buffer) =>
  buffer.length > 0 ? decoded(Buffer.from(buffer), buffer.length) : needMore;
