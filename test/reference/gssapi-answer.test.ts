import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../harness/reference/faults.js';
import { gssapiAnswer } from '../../harness/reference/gssapi-answer.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { decodeGssMessage, encodeGssMessage, type GssMessage } from '../../harness/wire/rfc1961.js';

const message = (type: number, version = 1): GssMessage => ({
  kind: 'message',
  version,
  type,
  token: Buffer.from('token'),
});
const answer = (m: GssMessage, faults: Fault[] = []) => gssapiAnswer(m, (f) => faults.includes(f));

describe('RFC 1961 answers of the reference server (no mechanism)', () => {
  it('refuses every message with the 2-octet abort and closes', () => {
    for (const m of [message(1), message(2), message(3), message(5), message(1, 2)]) {
      const a = answer(m);
      expect([...a.bytes]).toEqual([0x01, 0xff]);
      expect(a.afterwards).toBe('close');
    }
  });

  it('under its faults, answers with a framed message and waits for the next', () => {
    const cases: [GssMessage, Fault, number][] = [
      [message(1, 2), 'gssapi-continue-any-version', 1],
      [message(5), 'gssapi-continue-any-mtyp', 1],
      [message(2), 'gssapi-protection-before-context', 2],
      [message(3), 'gssapi-encap-before-context', 3],
    ];
    for (const [m, fault, type] of cases) {
      const a = answer(m, [fault]);
      const decoded = decodeGssMessage(a.bytes);
      expect(decoded.kind === 'decoded' && decoded.value.kind === 'message' && decoded.value.type).toBe(type);
      expect(a.afterwards).toBe('wait');
    }
  });

  it('breaks the abort as each abort fault says', () => {
    expect([...answer(message(1), ['gssapi-abort-with-length']).bytes]).toEqual([1, 0xff, 0, 0]);
    expect([...answer(message(1), ['gssapi-abort-version-5']).bytes]).toEqual([5, 0xff]);
    expect(answer(message(1), ['gssapi-close-without-abort']).bytes.length).toBe(0);
    expect(answer(message(1), ['gssapi-abort-stays-open']).afterwards).toBe('stay-open');
  });
});

/** Connects, writes `bytes`, and collects what the server sends until it closes or resets. */
function exchange(port: number, bytes: Buffer): Promise<{ data: Buffer; how: 'close' | 'error' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => resolve({ data: Buffer.concat(chunks), how: 'error' }));
    socket.on('close', () => resolve({ data: Buffer.concat(chunks), how: 'close' }));
    socket.setTimeout(3000, () => socket.destroy());
  });
}

describe('the reference server in the GSSAPI sub-negotiation', () => {
  it("selects GSSAPI, then answers a context token with exactly X'01' X'FF' and closes", async () => {
    const server = await startReferenceServer();
    try {
      const token = encodeGssMessage(1, Buffer.from('not a token'));
      const result = await exchange(server.port, Buffer.concat([Buffer.from([5, 1, 1]), token]));
      expect([...result.data]).toEqual([5, 1, 1, 0xff]);
      expect(result.how).toBe('close');
    } finally {
      await server.close();
    }
  });

  it('under gssapi-crash-on-partial, stops answering every later connection', async () => {
    const server = await startReferenceServer({ faults: new Set(['gssapi-crash-on-partial']) });
    try {
      await exchange(server.port, Buffer.from([5, 1, 1, 1, 1, 0]));
      const later = await exchange(server.port, Buffer.from([5, 1, 0]));
      expect(later.data.length).toBe(0);
    } finally {
      await server.close();
    }
  });
});
