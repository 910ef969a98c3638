import { describe, expect, it } from 'vitest';
import { segmentLengths } from '../../harness/net/segmentation.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('segmentLengths', () => {
  it('sends whole, bytewise, or in given chunks with the remainder last', () => {
    expect(segmentLengths(5, 'whole')).toEqual([5]);
    expect(segmentLengths(3, 'bytewise')).toEqual([1, 1, 1]);
    expect(segmentLengths(10, { chunks: [2, 3] })).toEqual([2, 3, 5]);
    expect(segmentLengths(4, { chunks: [3, 3] })).toEqual([3, 1]);
    expect(segmentLengths(4, { chunks: [0, -1, 2] })).toEqual([2, 2]);
    expect(segmentLengths(0, 'bytewise')).toEqual([]);
  });

  it('cuts at random points that a seed repeats', () => {
    for (const total of [2, 3, 9, 10, 300]) {
      for (let seed = 0; seed < 50; seed++) {
        const lengths = segmentLengths(total, { random: seed });
        expect(sum(lengths)).toBe(total);
        expect(lengths.length).toBeGreaterThanOrEqual(2);
        expect(lengths.every((n) => n >= 1)).toBe(true);
        expect(segmentLengths(total, { random: seed })).toEqual(lengths);
      }
    }
    expect(segmentLengths(1, { random: 7 })).toEqual([1]);
  });
});
