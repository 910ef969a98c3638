import { describe, expect, it } from 'vitest';
import { annotate } from '../../harness/net/annotate.js';
import { TRACE_BYTES_PER_DIRECTION, Trace } from '../../harness/net/trace.js';

describe('Trace', () => {
  it('stamps events with milliseconds since creation, to 0.1 ms', async () => {
    const trace = new Trace();
    trace.record({ type: 'note', conn: 'c1', text: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    trace.record({ type: 'note', conn: 'c1', text: 'second' });
    const [first, second] = trace.events;
    expect(first!.at).toBeGreaterThanOrEqual(0);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(15);
    for (const e of trace.events) expect(Math.round(e.at * 10) / 10).toBe(e.at);
  });

  it('keeps a given time', () => {
    const trace = new Trace();
    trace.record({ type: 'fin', conn: 'c1', dir: 'received', at: 12.3 });
    expect(trace.events[0]).toEqual({ type: 'fin', conn: 'c1', dir: 'received', at: 12.3 });
  });

  it('is annotated for reports with its bytes as lowercase hex', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: Buffer.from([0x05, 0xab]), at: 1 });
    trace.record({
      type: 'datagram',
      conn: 'u1',
      dir: 'received',
      bytes: Buffer.from([0xff]),
      peer: '127.0.0.1:7',
      at: 2,
    });
    expect(JSON.parse(JSON.stringify(annotate(trace)))).toEqual([
      { type: 'data', conn: 'c1', dir: 'sent', length: 2, annotation: [{ octets: '05ab', note: '' }], at: 1 },
      {
        type: 'datagram',
        conn: 'u1',
        dir: 'received',
        length: 1,
        annotation: [{ octets: 'ff', note: '' }],
        peer: '127.0.0.1:7',
        at: 2,
      },
    ]);
  });

  it('copies recorded bytes, so later changes to the caller buffer do not alter the trace', () => {
    const trace = new Trace();
    const bytes = Buffer.from([1, 2, 3]);
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes });
    bytes[0] = 9;
    expect(trace.events[0]).toMatchObject({ bytes: Buffer.from([1, 2, 3]) });
  });

  it('keeps 64 KiB per connection per direction, then counts only, noting the truncation once', () => {
    const trace = new Trace();
    const chunk = Buffer.alloc(10_000, 0x41);
    for (let i = 0; i < 10; i++) trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: chunk });
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: chunk });
    trace.record({ type: 'data', conn: 'c2', dir: 'received', bytes: chunk });

    const kept = (conn: string, dir: string) =>
      trace.events
        .filter((e) => e.type === 'data' && e.conn === conn && e.dir === dir)
        .reduce((sum, e) => sum + (e.type === 'data' ? e.bytes.length : 0), 0);
    expect(kept('c1', 'received')).toBe(TRACE_BYTES_PER_DIRECTION);
    expect(kept('c1', 'sent')).toBe(10_000);
    expect(kept('c2', 'received')).toBe(10_000);
    const notes = trace.events.filter((e) => e.type === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ conn: 'c1', text: expect.stringContaining('trace truncated') });
    expect(trace.omitted()).toEqual([
      { conn: 'c1', dir: 'received', bytes: 100_000 - TRACE_BYTES_PER_DIRECTION },
    ]);
  });
});
