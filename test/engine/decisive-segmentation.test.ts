import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMING_HOLD_MS, runCaseDecisively } from '../../harness/engine/server/decisive-segmentation.js';
import { type CaseDefinition, defineCases } from '../../harness/model/case.js';
import type { Verdict } from '../../harness/model/verdict.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { openSession, type Session } from '../../harness/session/session.js';
import { runSuiteAt } from '../support/run-suite.js';

let reference: ReferenceServer;
let session: Session;

beforeAll(async () => {
  reference = await startReferenceServer();
  session = await openSession(
    runOptions({ target: { kind: 'address', endpoint: { host: reference.host, port: reference.port } } }),
    { capabilities: false },
  );
});

afterAll(async () => {
  await session.close();
  await reference.close();
});

/**
 * A case that writes a greeting one octet at a time and gives the verdicts of `verdicts` in turn, noting how long
 * each send took: the confirming run's holds make it at least twice CONFIRMING_HOLD_MS.
 */
function scripted(
  segmentation: 'bytewise' | undefined,
  verdicts: Verdict[],
  sendMs: number[],
): CaseDefinition {
  return {
    id: segmentation ? 'probe/greeting/bytewise' : 'probe/greeting',
    clauses: ['rfc1928/3-select-offered'],
    level: 'FMT',
    role: 'server',
    versions: ['5'],
    title: 'a scripted verdict',
    requirement: 'a scripted verdict',
    ...(segmentation ? { segmentation } : {}),
    run: async (context) => {
      const probe = await context.connect();
      const started = performance.now();
      await probe.send(Buffer.from([5, 1, 0]), 'bytewise');
      sendMs.push(performance.now() - started);
      const verdict = verdicts[sendMs.length - 1] ?? 'ERROR';
      return {
        clause: 'rfc1928/3-select-offered',
        verdict,
        expected: [{ verdict, when: `run ${sendMs.length}` }],
        matched: 0,
        observed: `run ${sendMs.length}`,
      };
    },
  };
}

describe('the confirming run', () => {
  const decide = (definition: CaseDefinition) =>
    runCaseDecisively(definition, defineCases('probe', 'test', [definition]), session.env, '');

  it('follows a bytewise PASS, holds the octets apart, and its FAIL is the verdict', async () => {
    const sendMs: number[] = [];
    const result = await decide(scripted('bytewise', ['PASS', 'FAIL'], sendMs));
    expect(sendMs.length).toBe(2);
    expect(sendMs[1]).toBeGreaterThanOrEqual(2 * CONFIRMING_HOLD_MS - 1);
    expect(result.verdict).toBe('FAIL');
    expect(result.observed).toBe('run 2');
    expect(JSON.stringify(result.trace)).toContain('a first run gave PASS; this confirming run holds');
  });

  it('keeps the first verdict when the confirming run does not fail', async () => {
    const sendMs: number[] = [];
    const result = await decide(scripted('bytewise', ['UNSUPPORTED', 'PASS'], sendMs));
    expect(sendMs.length).toBe(2);
    expect(result.verdict).toBe('UNSUPPORTED');
  });

  it('is not made for a FAIL, nor for a case that writes its messages whole', async () => {
    const failed: number[] = [];
    expect((await decide(scripted('bytewise', ['FAIL'], failed))).verdict).toBe('FAIL');
    expect(failed.length).toBe(1);
    const whole: number[] = [];
    expect((await decide(scripted(undefined, ['PASS'], whole))).verdict).toBe('PASS');
    expect(whole.length).toBe(1);
  });
});

/**
 * A server whose reading thread is late and that takes each read as one whole message: the reference with
 * `greeting-first-chunk-only` behind a front that holds what arrives until the greeting is there or no
 * octet has come for `quietMs`, and passes it on in one write. Octets a few milliseconds apart reach the server
 * together; only a client that holds them further apart than `quietMs` shows it the split.
 */
async function lateReader(upstreamPort: number, quietMs: number, greetingLength = 3) {
  const sockets = new Set<net.Socket>();
  const front = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let held: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      if (held.length > 0) upstream.write(Buffer.concat(held));
      held = [];
      client.off('data', hold);
      client.pipe(upstream);
    };
    const hold = (chunk: Buffer) => {
      held.push(chunk);
      clearTimeout(timer);
      if (Buffer.concat(held).length >= greetingLength) flush();
      else timer = setTimeout(flush, quietMs);
    };
    client.on('data', hold);
    upstream.pipe(client);
    const end = () => {
      clearTimeout(timer);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    port: (front.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

describe('a bytewise variant', () => {
  it('FAILs a server that loses split messages even when it read the first octets together by luck', async () => {
    const server = await startReferenceServer({ faults: new Set(['greeting-first-chunk-only'] as const) });
    const front = await lateReader(server.port, 8);
    try {
      const results = await runSuiteAt({ host: '127.0.0.1', port: front.port }, [
        'socks5/connect/echo-both-ways/bytewise',
      ]);
      const [result] = results;
      expect(result?.verdict, result?.observed).toBe('FAIL');
    } finally {
      await front.close();
      await server.close();
    }
  });

  it('runs once more and keeps its PASS where the server reassembles', async () => {
    const server = await startReferenceServer();
    const front = await lateReader(server.port, 8);
    try {
      const results = await runSuiteAt({ host: '127.0.0.1', port: front.port }, [
        'socks5/connect/echo-both-ways/bytewise',
      ]);
      expect(results[0]?.verdict).toBe('PASS');
    } finally {
      await front.close();
      await server.close();
    }
  });

  it('and a case that writes its greeting one octet at a time, are confirmed the same way', async () => {
    const server = await startReferenceServer({ faults: new Set(['greeting-first-chunk-only'] as const) });
    const front = await lateReader(server.port, 8, 4);
    try {
      const results = await runSuiteAt({ host: '127.0.0.1', port: front.port }, [
        'socks5/method/greeting-bytewise',
      ]);
      const [result] = results;
      expect(result?.verdict, result?.observed).toBe('FAIL');
    } finally {
      await front.close();
      await server.close();
    }
  });
});
