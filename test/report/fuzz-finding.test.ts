import { describe, expect, it } from 'vitest';
import { Trace } from '../../harness/net/trace.js';
import { annotatedTrace, sentHex } from '../../harness/report/fuzz-finding.js';
import { encodeAuthRequest } from '../../harness/wire/rfc1929.js';
import { encodeGreeting } from '../../harness/wire/socks5-greeting.js';

describe("a fuzz finding's sent octets", () => {
  it('are the hex of what the client sent, with the RFC 1929 request that holds the password as xx', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: encodeGreeting([0x02]) });
    trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.from([5, 2]) });
    trace.record({ type: 'data', conn: 'c1', dir: 'sent', bytes: encodeAuthRequest('user', 'secret') });
    const sent = sentHex(annotatedTrace(trace));
    expect(sent).toBe(`050102${'xx'.repeat(13)}`);
    expect(sent).not.toContain(Buffer.from('secret').toString('hex'));
  });
});
