import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReassemblyQueue } from '../../harness/reference/fragment-reassembly.js';

const bytes = (text: string) => Buffer.from(text);

function queue(options: { timeoutMs?: number; maxBytes?: number; appendLower?: boolean } = {}) {
  return new ReassemblyQueue<string>({
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: options.maxBytes ?? 1024,
    ...(options.appendLower ? { appendLower: true } : {}),
  });
}

describe('RFC 1928 §7 reassembly queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins positions 1..n once the end-of-sequence fragment arrives, with the first fragment destination', () => {
    const q = queue();
    expect(q.push({ frag: 1, data: bytes('ab'), destination: 'first' })).toBeUndefined();
    expect(q.push({ frag: 2, data: bytes('cd'), destination: 'second' })).toBeUndefined();
    const whole = q.push({ frag: 0x83, data: bytes('ef'), destination: 'third' });
    expect(whole?.data.toString()).toBe('abcdef');
    expect(whole?.destination).toBe('first');
    expect(q.pending).toBe(0);
  });

  it('treats a lone FRAG 0x81 as a sequence of one', () => {
    expect(
      queue()
        .push({ frag: 0x81, data: bytes('x'), destination: 'd' })
        ?.data.toString(),
    ).toBe('x');
  });

  it('resets on a FRAG lower than the highest seen: the new sequence starts with it', () => {
    const q = queue();
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    q.push({ frag: 2, data: bytes('B'), destination: 'd' });
    q.push({ frag: 1, data: bytes('C'), destination: 'd' });
    expect(q.pending).toBe(1);
    expect(q.push({ frag: 0x82, data: bytes('D'), destination: 'd' })?.data.toString()).toBe('CD');
  });

  it('with the appendLower fault joins every fragment in arrival order', () => {
    const q = queue({ appendLower: true });
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    q.push({ frag: 2, data: bytes('B'), destination: 'd' });
    q.push({ frag: 1, data: bytes('C'), destination: 'd' });
    expect(q.push({ frag: 0x82, data: bytes('D'), destination: 'd' })?.data.toString()).toBe('ABCD');
  });

  it('drops a sequence with a missing position', () => {
    const q = queue();
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    expect(q.push({ frag: 0x83, data: bytes('C'), destination: 'd' })).toBeUndefined();
    expect(q.pending).toBe(0);
  });

  it('drops an end fragment whose sequence was never started', () => {
    expect(queue().push({ frag: 0x82, data: bytes('B'), destination: 'd' })).toBeUndefined();
  });

  it('lets a later duplicate position replace the earlier one', () => {
    const q = queue();
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    q.push({ frag: 1, data: bytes('a'), destination: 'd' });
    expect(q.push({ frag: 0x82, data: bytes('B'), destination: 'd' })?.data.toString()).toBe('aB');
  });

  it('a standalone datagram (FRAG 0) resets a sequence in progress', () => {
    const q = queue();
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    q.push({ frag: 0, data: bytes('S'), destination: 'd' });
    expect(q.pending).toBe(0);
    expect(q.push({ frag: 0x82, data: bytes('B'), destination: 'd' })).toBeUndefined();
  });

  it('keeps a sequence until the timer expires, counted from its first fragment', () => {
    const q = queue({ timeoutMs: 5000 });
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    vi.advanceTimersByTime(4000);
    q.push({ frag: 2, data: bytes('B'), destination: 'd' });
    vi.advanceTimersByTime(999);
    expect(q.pending).toBe(2);
    vi.advanceTimersByTime(1);
    expect(q.pending).toBe(0);
    expect(q.push({ frag: 0x83, data: bytes('C'), destination: 'd' })).toBeUndefined();
  });

  it('reassembles fragments 4 s apart under a 5 s timer, not under a 1 s one', () => {
    const five = queue({ timeoutMs: 5000 });
    five.push({ frag: 1, data: bytes('A'), destination: 'd' });
    vi.advanceTimersByTime(4000);
    expect(five.push({ frag: 0x82, data: bytes('B'), destination: 'd' })?.data.toString()).toBe('AB');
    const one = queue({ timeoutMs: 1000 });
    one.push({ frag: 1, data: bytes('A'), destination: 'd' });
    vi.advanceTimersByTime(4000);
    expect(one.push({ frag: 0x82, data: bytes('B'), destination: 'd' })).toBeUndefined();
  });

  it('a new sequence after completion gets a fresh timer', () => {
    const q = queue({ timeoutMs: 5000 });
    q.push({ frag: 0x81, data: bytes('A'), destination: 'd' });
    vi.advanceTimersByTime(4500);
    q.push({ frag: 1, data: bytes('B'), destination: 'd' });
    vi.advanceTimersByTime(4500);
    expect(q.push({ frag: 0x82, data: bytes('C'), destination: 'd' })?.data.toString()).toBe('BC');
  });

  it('discards a sequence that grows beyond the size bound', () => {
    const q = queue({ maxBytes: 4 });
    q.push({ frag: 1, data: bytes('AAA'), destination: 'd' });
    q.push({ frag: 2, data: bytes('BB'), destination: 'd' });
    expect(q.pending).toBe(0);
    expect(q.push({ frag: 0x83, data: bytes('C'), destination: 'd' })).toBeUndefined();
  });

  it('leaves no timer behind after a reset', () => {
    const q = queue();
    q.push({ frag: 1, data: bytes('A'), destination: 'd' });
    q.reset();
    expect(vi.getTimerCount()).toBe(0);
  });
});
