import { describe, expect, it } from 'vitest';
import { annotate, type Dissector, type Segment } from '../../harness/net/annotate.js';
import {
  BRIEF_HEX_OCTETS,
  formatHex,
  formatHexBrief,
  formatTrace,
  RENDERED_OCTETS_PER_DIRECTION,
} from '../../harness/net/hexdump.js';
import { TRACE_BYTES_PER_DIRECTION, Trace } from '../../harness/net/trace.js';

function handshakeTrace(): Trace {
  const trace = new Trace();
  trace.record({ type: 'connect', conn: 'c1', local: '127.0.0.1:50312', remote: '127.0.0.1:1080', at: 0 });
  trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: Buffer.from([5, 1, 0]), at: 0.4 });
  trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.from([5, 0]), at: 1.1 });
  trace.record({ type: 'fin', conn: 'c1', dir: 'received', at: 3 });
  return trace;
}

/** Notes each whole chunk, as a SOCKS dissector would note a greeting and a method selection. */
function fakeSocksDissector(): Dissector {
  return {
    sent: (chunk) => [{ length: chunk.length, note: 'VER=5 NMETHODS=1 [NO-AUTH]' }],
    received: (chunk) => [{ length: chunk.length, note: 'VER=5 METHOD=NO-AUTH' }],
  };
}

describe('formatHex', () => {
  it('writes lowercase byte pairs separated by spaces', () => {
    expect(formatHex(Uint8Array.from([5, 1, 0, 0xff]))).toBe('05 01 00 ff');
    expect(formatHex(new Uint8Array(0))).toBe('');
  });
});

describe('formatHexBrief', () => {
  it('shows short data whole and cuts long data with a count of the rest', () => {
    expect(formatHexBrief(Uint8Array.from([5, 0]))).toBe('05 00');
    const long = Buffer.alloc(1024 * 1024, 0xab);
    const text = formatHexBrief(long);
    expect(text).toBe(
      `${'ab '.repeat(BRIEF_HEX_OCTETS).trim()} … (${long.length - BRIEF_HEX_OCTETS} more octets)`,
    );
  });
});

describe('formatTrace', () => {
  it('shows one block per event without notes when there is no dissector', () => {
    expect(formatTrace(annotate(handshakeTrace())).split('\n')).toEqual([
      'c1  +0.0ms    connect 127.0.0.1:50312 -> 127.0.0.1:1080',
      'c1  +0.4ms  > 05 01 00',
      'c1  +1.1ms  < 05 00',
      'c1  +3.0ms  < FIN',
    ]);
  });

  it("puts the dissector's note after the hex", () => {
    expect(formatTrace(annotate(handshakeTrace(), fakeSocksDissector)).split('\n')).toEqual([
      'c1  +0.0ms    connect 127.0.0.1:50312 -> 127.0.0.1:1080',
      'c1  +0.4ms  > 05 01 00                                         VER=5 NMETHODS=1 [NO-AUTH]',
      'c1  +1.1ms  < 05 00                                            VER=5 METHOD=NO-AUTH',
      'c1  +3.0ms  < FIN',
    ]);
  });

  it('wraps data longer than 16 bytes onto continuation lines', () => {
    const trace = new Trace();
    trace.record({
      type: 'data',
      conn: 'c1',
      dir: 'sent',
      bytes: Buffer.from(Array.from({ length: 20 }, (_, i) => i)),
      at: 2,
    });
    expect(formatTrace(annotate(trace)).split('\n')).toEqual([
      'c1  +2.0ms  > 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
      '              10 11 12 13',
    ]);
  });

  it('gives each segment its own lines, with its note', () => {
    const trace = new Trace();
    trace.record({
      type: 'data',
      conn: 'c1',
      dir: 'received',
      bytes: Buffer.from([5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 4, 56]),
      at: 5,
    });
    const segments: Segment[] = [
      { length: 2, note: 'VER=5 METHOD=NO-AUTH' },
      { length: 10, note: 'VER=5 REP=00 BND=127.0.0.1:1080' },
    ];
    const dissector = (): Dissector => ({ sent: () => [], received: () => segments });
    expect(formatTrace(annotate(trace, dissector)).split('\n')).toEqual([
      'c1  +5.0ms  < 05 00                                            VER=5 METHOD=NO-AUTH',
      '              05 00 00 01 7f 00 00 01 04 38                    VER=5 REP=00 BND=127.0.0.1:1080',
    ]);
  });

  it('keeps one dissector per connection and feeds it every chunk in order', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: Buffer.from([1]), at: 1 });
    trace.record({ type: 'data', conn: 'c2', dir: 'sent', bytes: Buffer.from([2]), at: 2 });
    trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.from([3]), at: 3 });
    const seen: string[] = [];
    const factory = (conn: string): Dissector => {
      let count = 0;
      const note = (dir: string) => (chunk: Uint8Array) => {
        seen.push(`${conn}:${dir}:${chunk[0]}`);
        count++;
        return [{ length: chunk.length, note: `${conn} chunk ${count}` }];
      };
      return { sent: note('sent'), received: note('received') };
    };
    const dump = formatTrace(annotate(trace, factory));
    expect(seen).toEqual(['c1:sent:1', 'c2:sent:2', 'c1:received:3']);
    expect(dump).toContain('c1 chunk 2');
  });

  it('shows bytes a miscounting dissector leaves out, and survives one that throws', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: Buffer.from([1, 2, 3]), at: 1 });
    trace.record({ type: 'data', conn: 'c2', dir: 'sent', bytes: Buffer.from([4]), at: 2 });
    const factory = (conn: string): Dissector => ({
      sent: () => {
        if (conn === 'c2') throw new Error('bad state');
        return [{ length: 1, note: 'first' }];
      },
      received: () => [],
    });
    expect(formatTrace(annotate(trace, factory)).split('\n')).toEqual([
      'c1  +1.0ms  > 01                                               first',
      '              02 03',
      'c2  +2.0ms  > 04                                               (dissector failed: bad state)',
    ]);
  });

  it('shows datagrams with their peer, and the other event kinds', () => {
    const trace = new Trace();
    trace.record({
      type: 'datagram',
      conn: 'u1',
      dir: 'sent',
      bytes: Buffer.from([0, 0, 0, 1]),
      peer: '127.0.0.1:9',
      at: 1,
    });
    trace.record({ type: 'silence', conn: 'c1', waitedMs: 500, at: 501.2 });
    trace.record({ type: 'rst', conn: 'c1', at: 600 });
    trace.record({
      type: 'connect-failed',
      conn: 'c2',
      remote: '127.0.0.1:1',
      code: 'ECONNREFUSED',
      at: 700,
    });
    trace.record({ type: 'fin', conn: 'c3', dir: 'sent', at: 800 });
    trace.record({ type: 'overflow', conn: 'c3', limit: 1024, at: 900 });
    trace.record({ type: 'note', conn: 'c3', text: 'hello', at: 1000 });
    expect(formatTrace(annotate(trace)).split('\n')).toEqual([
      'u1  +1.0ms     > datagram to 127.0.0.1:9 (4 bytes)',
      '                 00 00 00 01',
      'c1  +501.2ms     silence for 500ms',
      'c1  +600.0ms   < RST',
      'c2  +700.0ms     connect -> 127.0.0.1:1 failed: ECONNREFUSED',
      'c3  +800.0ms   > FIN',
      'c3  +900.0ms     overflow: more than 1024 bytes unread',
      'c3  +1000.0ms    note: hello',
    ]);
  });

  it('keeps no octet of a redacted segment, and shows each as xx', () => {
    const trace = new Trace();
    const request = Buffer.from([1, 4, ...Buffer.from('user'), 6, ...Buffer.from('secret')]);
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: request, at: 1 });
    const dissector = (): Dissector => ({
      sent: () => [
        { length: 6, note: 'VER=1 ULEN=4 UNAME="user"' },
        { length: 7, note: 'PLEN=6 PASSWD=<redacted>', redact: true },
      ],
      received: () => [],
    });
    const events = annotate(trace, dissector);
    expect(events).toEqual([
      {
        type: 'data',
        at: 1,
        conn: 'c1',
        dir: 'sent',
        length: 13,
        annotation: [
          { octets: '010475736572', note: 'VER=1 ULEN=4 UNAME="user"' },
          { redacted: 7, note: 'PLEN=6 PASSWD=<redacted>' },
        ],
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(Buffer.from('secret').toString('hex'));
    expect(formatTrace(events).split('\n')).toEqual([
      'c1  +1.0ms  > 01 04 75 73 65 72                                VER=1 ULEN=4 UNAME="user"',
      '              xx xx xx xx xx xx xx                             PLEN=6 PASSWD=<redacted>',
    ]);
  });

  it('reports bytes beyond the trace budget', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.alloc(70_000), at: 1 });
    const lines = formatTrace(annotate(trace)).split('\n');
    expect(lines.at(-1)).toContain(
      `${70_000 - TRACE_BYTES_PER_DIRECTION} more received bytes counted but not kept in the trace`,
    );
  });

  it('shows at most RENDERED_OCTETS_PER_DIRECTION of each direction and says how much more the JSON has', () => {
    const trace = new Trace();
    for (let i = 0; i < 10; i++) {
      trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.alloc(1000, 0x61), at: i });
    }
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: Buffer.from([5, 0]), at: 11 });
    trace.record({ type: 'fin', conn: 'c1', dir: 'received', at: 12 });
    const lines = formatTrace(annotate(trace)).split('\n');
    const hexRows = lines.filter((line) => / 61 61 /.test(line));
    expect(hexRows.length).toBe(4 * Math.ceil(1000 / 16));
    expect(lines.filter((line) => line.includes('more received octets from here on'))).toEqual([
      expect.stringContaining(
        `6000 more received octets from here on (past the ${RENDERED_OCTETS_PER_DIRECTION} shown)`,
      ),
    ]);
    expect(lines.at(-2)).toContain('> 05 00');
    expect(lines.at(-1)).toContain('< FIN');
  });
});
