import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Concurrency, concurrencyFor, quietThreshold } from '../../harness/engine/server/concurrency.js';
import { ReplyTimes } from '../../harness/engine/server/reply-times.js';
import { schedule } from '../../harness/engine/server/scheduler.js';
import { type CaseContext, type CaseDefinition, defineCases } from '../../harness/model/case.js';
import { skipped } from '../../harness/model/outcome.js';
import { sleep } from '../../harness/net/timers.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { openSession, type Session } from '../../harness/session/session.js';

let server: ReferenceServer;
let session: Session;

beforeAll(async () => {
  server = await startReferenceServer();
  session = await openSession(
    runOptions({ target: { kind: 'address', endpoint: { host: server.host, port: server.port } } }),
    { capabilities: false },
  );
});

afterAll(async () => {
  await session.close();
  await server.close();
});

interface Span {
  start: number;
  end: number;
}

/** A case that runs `body` and notes when it started and ended. */
function timedCase(id: string, spans: Map<string, Span>, body: (context: CaseContext) => Promise<void>) {
  return {
    id,
    clauses: ['rfc1928/3-greeting-ver'],
    level: 'INFO',
    role: 'server',
    versions: ['5'],
    title: id,
    requirement: id,
    run: async (context) => {
      const start = performance.now();
      await body(context);
      spans.set(id, { start, end: performance.now() });
      return skipped('rfc1928/3-greeting-ver', 'SKIP', 'a scheduling probe');
    },
  } satisfies CaseDefinition;
}

async function run(cases: CaseDefinition[], concurrency: Concurrency) {
  const group = defineCases('scheduling', 'test', cases);
  return schedule({
    groups: [group],
    selected: new Set(group.cases),
    env: session.env,
    concurrency,
    rerun: () => '',
  });
}

/** Sends an octet to the echo network every 10 ms for `ms`, reading each back: a case that never goes quiet. */
async function exchangeFor(context: CaseContext, ms: number): Promise<void> {
  const peer = await context.connectPeer(context.echo.tcpEcho4);
  if (!peer.ok) throw new Error(peer.message);
  const until = performance.now() + ms;
  while (performance.now() < until) {
    await peer.probe.send(Buffer.of(0x2a));
    await peer.probe.readBytes(1, 1000);
    await sleep(10);
  }
}

const quietOnly: Concurrency = { working: 1, inFlight: 2, quiet: { minMs: 50, maxMs: 50 } };

describe('the scheduler', () => {
  it('--jobs N runs N cases at once whatever they do; auto runs 8 at work and up to 128 in flight', () => {
    expect(concurrencyFor(3)).toMatchObject({ working: 3, inFlight: 3 });
    expect(concurrencyFor('auto')).toMatchObject({ working: 8, inFlight: 128 });
  });

  it('lets a case that only waits give its slot to the next, which ends first', async () => {
    const spans = new Map<string, Span>();
    const outcome = await run(
      [timedCase('x/waits', spans, () => sleep(1500)), timedCase('x/next', spans, async () => {})],
      quietOnly,
    );
    expect(outcome.results.map((r) => r.id)).toEqual(['x/next', 'x/waits']);
    expect(spans.get('x/next')!.start).toBeLessThan(spans.get('x/waits')!.end);
  });

  it('with one job, starts the next case only when the waiting one has ended', async () => {
    const spans = new Map<string, Span>();
    await run(
      [timedCase('x/waits', spans, () => sleep(300)), timedCase('x/next', spans, async () => {})],
      concurrencyFor(1),
    );
    expect(spans.get('x/next')!.start).toBeGreaterThanOrEqual(spans.get('x/waits')!.end);
  });

  it('keeps the slot of a case that goes on exchanging, a byte every 10 ms', async () => {
    const spans = new Map<string, Span>();
    await run(
      [
        timedCase('x/exchanges', spans, (context) => exchangeFor(context, 600)),
        timedCase('x/next', spans, async () => {}),
      ],
      quietOnly,
    );
    expect(spans.get('x/next')!.start).toBeGreaterThanOrEqual(spans.get('x/exchanges')!.end);
  });

  it('never has more cases in flight than its bound, waiting ones included', async () => {
    const spans = new Map<string, Span>();
    let now = 0;
    let most = 0;
    const waiting = (id: string) =>
      timedCase(id, spans, async () => {
        now += 1;
        most = Math.max(most, now);
        await sleep(400);
        now -= 1;
      });
    const outcome = await run(
      ['a', 'b', 'c', 'd', 'e'].map((id) => waiting(`x/${id}`)),
      quietOnly,
    );
    expect(outcome.results).toHaveLength(5);
    expect(most).toBe(2);
  });

  it('counts a quiet case that acts again as working: no case starts until it is done', async () => {
    const spans = new Map<string, Span>();
    await run(
      [
        timedCase('x/wakes', spans, async (context) => {
          await sleep(150);
          await exchangeFor(context, 500);
        }),
        timedCase('x/waits', spans, async (context) => {
          await exchangeFor(context, 200);
          await sleep(1000);
        }),
        timedCase('x/last', spans, async () => {}),
      ],
      { working: 1, inFlight: 3, quiet: { minMs: 50, maxMs: 50 } },
    );
    // x/wakes goes quiet at 50 ms and x/waits takes its slot; at 150 ms x/wakes takes one again, and at about
    // 300 ms x/waits goes quiet: x/last must wait for x/wakes, at work until about 650 ms, to end.
    expect(spans.get('x/waits')!.start).toBeLessThan(spans.get('x/wakes')!.end - 400);
    expect(spans.get('x/last')!.start).toBeGreaterThanOrEqual(spans.get('x/wakes')!.end);
  });
});

describe('the quiet threshold', () => {
  const bounds = { minMs: 50, maxMs: 1000 };

  it('is four times the median reply time, within its bounds, scaled by --timeout-multiplier', () => {
    expect(quietThreshold(bounds, 1, 1)).toBe(50);
    expect(quietThreshold(bounds, 40, 1)).toBe(160);
    expect(quietThreshold(bounds, 600, 1)).toBe(1000);
    expect(quietThreshold(bounds, 1, 3)).toBe(150);
    expect(quietThreshold(bounds, 600, 3)).toBe(2400);
  });

  it('is its upper bound until the target has answered', () => {
    expect(quietThreshold(bounds, new ReplyTimes().median(), 1)).toBe(1000);
  });

  it('follows the last 64 replies: a target that slows raises it', () => {
    const times = new ReplyTimes();
    for (let i = 0; i < 100; i++) times.add(1);
    expect(quietThreshold(bounds, times.median(), 1)).toBe(50);
    for (let i = 0; i < 40; i++) times.add(100);
    expect(times.median()).toBe(100);
    expect(quietThreshold(bounds, times.median(), 1)).toBe(400);
  });
});
