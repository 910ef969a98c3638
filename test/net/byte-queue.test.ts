import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../harness/net/byte-queue.js';

describe('ByteQueue', () => {
  it('hands out views that later pushes and consumes never overwrite', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('hello'), 1);
    const view = queue.view();
    queue.consume(5);
    for (let i = 0; i < 2000; i++) queue.push(Buffer.from('xyz'), 2);
    queue.consume(6000);
    queue.push(Buffer.from('later'), 3);
    expect(view.toString()).toBe('hello');
    expect(queue.view().toString()).toBe('later');
  });

  it('knows when the chunk holding a given byte arrived', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('ab'), 10);
    queue.push(Buffer.from('cde'), 20);
    expect(queue.arrivalOf(2)).toBe(10);
    expect(queue.arrivalOf(3)).toBe(20);
    queue.consume(1);
    expect(queue.arrivalOf(1)).toBe(10);
    expect(queue.arrivalOf(2)).toBe(20);
    queue.consume(4);
    expect(queue.arrivalOf(1)).toBeUndefined();
    expect(queue.length).toBe(0);
  });
});
