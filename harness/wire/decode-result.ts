/**
 * The result of an incremental decode over a growing buffer: a decoder looks at the bytes received so far and
 * says it needs more, or that a message of `length` bytes was decoded, or that the bytes cannot be a valid message.
 * Decoders never throw and never read past the buffer they are given.
 */
export type DecodeResult<T> =
  | { readonly kind: 'need-more' }
  | { readonly kind: 'decoded'; readonly value: T; readonly length: number }
  | { readonly kind: 'malformed'; readonly reason: string };

export type Decoder<T> = (buffer: Uint8Array) => DecodeResult<T>;

export const needMore = { kind: 'need-more' } as const;

export function decoded<T>(value: T, length: number): DecodeResult<T> {
  return { kind: 'decoded', value, length };
}

export function malformed(reason: string): DecodeResult<never> {
  return { kind: 'malformed', reason };
}
