import type { DecodeResult, Decoder } from '../wire/decode-result.js';
import { errorMessage } from './socket-error.js';

/** Runs a decoder so that a decoder bug (a throw, an impossible length) reads as malformed, never crashes a read. */
export function safeDecode<T>(decode: Decoder<T>, buffer: Buffer): DecodeResult<T> {
  let result: DecodeResult<T>;
  try {
    result = decode(buffer);
  } catch (error) {
    return { kind: 'malformed', reason: `decoder failed: ${errorMessage(error)}` };
  }
  if (result.kind !== 'decoded') return result;
  const { length } = result;
  if (!Number.isInteger(length) || length < 0 || length > buffer.length) {
    return { kind: 'malformed', reason: `decoder failed: length ${length} outside 0..${buffer.length}` };
  }
  return result;
}
