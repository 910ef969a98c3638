/**
 * A one-octet length or count, checked: a value outside 0..255 is a caller's bug, and masking it would send a
 * wrapped length that makes the peer misread the message (and the case judge the peer for it).
 */
export function octet(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 255)
    throw new RangeError(`${what} must fit one octet (0..255), not ${value}`);
  return value;
}
