import { describe, expect, it } from 'vitest';
import { BoundedRing } from '../../harness/echo/bounded-ring.js';
import { targetNames } from '../../harness/echo/names.js';

describe('BoundedRing', () => {
  it('keeps the last items, oldest first', () => {
    const ring = new BoundedRing<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
  });
});

describe('targetNames', () => {
  it('defaults to localhost and a reserved .invalid name, and takes overrides', () => {
    expect(targetNames()).toEqual({
      resolvable: 'localhost',
      unresolvable: 'socks-conformance-nonexistent.invalid',
    });
    expect(targetNames({ resolvable: 'echo.lan' }).resolvable).toBe('echo.lan');
  });
});
