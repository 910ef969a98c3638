import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCampaign, runIndices } from '../../harness/engine/fuzz/fuzz-campaign.js';
import { batchedProbe } from '../../harness/probes/batched-probe.js';
import type { SanityResult } from '../../harness/probes/sanity.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A target in memory: a case takes a few milliseconds (more for some inputs, so cases end out of order), and
 * the input `poison` kills it until it is restarted.
 */
function fakeTarget(poison?: (n: number) => boolean) {
  let alive = true;
  const ran: number[] = [];
  let probes = 0;
  return {
    ran,
    get probes() {
      return probes;
    },
    runCase: async (n: number) => {
      ran.push(n);
      await tick(1 + (n % 3));
      if (alive && poison?.(n)) alive = false;
      return { ok: true as const, blame: 'fake/clause', detail: n };
    },
    probe: async (): Promise<SanityResult> => {
      probes += 1;
      await tick(1);
      return alive ? { ok: true } : { ok: false, reason: 'dead' };
    },
    restart: async () => {
      alive = true;
      return true;
    },
  };
}

const arbitrary = fc.integer({ min: 0, max: 1_000_000 });

describe('the fuzz campaign engine', () => {
  it("runs fast-check's inputs for the seed, in the same order, whatever the number of jobs", async () => {
    const sequence: number[] = [];
    await fc.check(
      fc.property(arbitrary, (n) => {
        sequence.push(n);
      }),
      { seed: 42, numRuns: 300 },
    );
    for (const jobs of [1, 7]) {
      const target = fakeTarget();
      const result = await runCampaign({ ...target, arbitrary, seed: 42, runs: 300, jobs });
      expect(result.finding).toBeUndefined();
      expect(result.stats.cases).toBe(300);
      expect([...target.ran].sort((a, b) => a - b)).toEqual([...sequence].sort((a, b) => a - b));
      if (jobs === 1) expect(target.ran).toEqual(sequence);
    }
  });

  it('counts the cases that chose not to send their input, and runs on past them', async () => {
    const result = await runCampaign({
      arbitrary,
      seed: 9,
      runs: 200,
      jobs: 4,
      runCase: async (n) => ({
        ok: true,
        blame: 'fake/clause',
        detail: n,
        ...(n % 2 === 0 ? { skipped: true } : {}),
      }),
      probe: async () => ({ ok: true }),
    });
    const inputs = fc.sample(arbitrary, { seed: 9, path: '0', numRuns: 200 });
    expect(result.stats.cases).toBe(200);
    expect(result.stats.skipped).toBe(inputs.filter((n) => n % 2 === 0).length);
    expect(result.finding).toBeUndefined();
  });

  it('splits the runs into shards that are disjoint and together are the whole campaign', async () => {
    expect([...runIndices({ index: 2, count: 3 }, 10)]).toEqual([1, 4, 7]);
    const whole = fakeTarget();
    await runCampaign({ ...whole, arbitrary, seed: 7, runs: 200, jobs: 4 });
    const shards = [1, 2, 3].map(() => fakeTarget());
    for (const [i, target] of shards.entries())
      await runCampaign({
        ...target,
        arbitrary,
        seed: 7,
        runs: 200,
        jobs: 4,
        shard: { index: i + 1, count: 3 },
      });
    expect(shards.map((s) => s.ran.length)).toEqual([67, 67, 66]);
    const union = shards.flatMap((s) => s.ran).sort((a, b) => a - b);
    expect(union).toEqual([...whole.ran].sort((a, b) => a - b));
  });

  it('names the input that lost the target, not a neighbour running at the same time, and shrinks it alike', async () => {
    const poison = (n: number) => n >= 900_000;
    const findings = [];
    for (const jobs of [1, 8]) {
      const target = fakeTarget(poison);
      const result = await runCampaign({ ...target, arbitrary, seed: 3, runs: 2000, jobs });
      expect(result.finding?.kind).toBe('target-lost');
      expect(result.finding?.onlyConcurrent).toBeUndefined();
      findings.push(result.finding);
    }
    const [alone, together] = findings;
    expect(together!.path).toBe(alone!.path);
    expect(together!.input).toBe(alone!.input);
    // Shrinking keeps to the smallest input that still kills it.
    expect(alone!.input).toBe(900_000);
  });

  it('replays alone the runs just before the first failure: one that fails only alone is still found first', async () => {
    // Run 40's input always fails; run 36's only when it runs alone (as a racy server might fail it).
    const wide = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 }));
    const inputs = fc.sample(wide, { seed: 11, numRuns: 41 });
    const always = inputs[40]!;
    const aloneOnly = inputs[36]!;
    const paths = [];
    for (const jobs of [1, 8]) {
      let running = 0;
      const result = await runCampaign({
        arbitrary: wide,
        seed: 11,
        runs: 500,
        jobs,
        runCase: async (n) => {
          running += 1;
          await tick(2);
          const alone = running === 1;
          running -= 1;
          return n === always || (alone && n === aloneOnly)
            ? { ok: false, clause: 'fake/clause', what: 'failed', detail: n }
            : { ok: true, blame: 'fake/clause', detail: n };
        },
        probe: async () => ({ ok: true }),
        maxShrinks: 0,
      });
      paths.push(result.finding?.path);
    }
    expect(new Set(inputs).size).toBe(41);
    expect(paths).toEqual(['36', '36']);
  });

  it('reports a failure no case repeats alone as seen, and says so', async () => {
    let running = 0;
    const result = await runCampaign({
      arbitrary,
      seed: 1,
      runs: 500,
      jobs: 4,
      runCase: async (n) => {
        running += 1;
        await tick(2);
        const crowded = running > 1;
        running -= 1;
        return crowded && n % 5 === 0
          ? { ok: false, clause: 'fake/crowd', what: 'failed in a crowd', detail: n }
          : { ok: true, blame: 'fake/clause', detail: n };
      },
      probe: async () => ({ ok: true }),
    });
    expect(result.finding).toMatchObject({ kind: 'violation', clause: 'fake/crowd', onlyConcurrent: 4 });
  });

  it('an interrupt stops the search: no case starts after it, those in flight end, and the result says so', async () => {
    const controller = new AbortController();
    const target = fakeTarget();
    const result = await runCampaign({
      ...target,
      runCase: async (n) => {
        if (target.ran.length === 50) controller.abort();
        return target.runCase(n);
      },
      arbitrary,
      seed: 4,
      runs: 100_000,
      jobs: 4,
      signal: controller.signal,
    });
    expect(result.interrupted).toBe(true);
    expect(result.finding).toBeUndefined();
    // The case that saw the interrupt and the three others already running: every one started is counted.
    expect(target.ran.length).toBeGreaterThanOrEqual(51);
    expect(target.ran.length).toBeLessThanOrEqual(54);
    expect(result.stats.cases).toBe(target.ran.length);
  });

  it('an interrupt while shrinking ends it as its bounds do: the smallest failure so far is the finding', async () => {
    const failing = (n: number) => n >= 1000;
    const run = async (abortAfter?: number) => {
      const controller = new AbortController();
      let failures = 0;
      return runCampaign({
        arbitrary,
        seed: 6,
        runs: 500,
        runCase: async (n) => {
          if (!failing(n)) return { ok: true, blame: 'fake/clause', detail: n };
          failures += 1;
          if (failures === abortAfter) controller.abort();
          return { ok: false, clause: 'fake/clause', what: 'too big', detail: n };
        },
        probe: async () => ({ ok: true }),
        signal: controller.signal,
      });
    };
    const whole = await run();
    expect(whole.interrupted).toBeUndefined();
    expect(whole.finding?.input).toBe(1000);
    // The search's failure, its replay alone, then two shrink steps that still fail.
    const cut = await run(4);
    expect(cut.interrupted).toBe(true);
    expect(cut.finding).toMatchObject({
      kind: 'violation',
      clause: 'fake/clause',
      path: whole.finding!.path,
    });
    expect(cut.finding!.unconfirmed).toBeUndefined();
    expect(cut.finding!.shrinks).toBeLessThan(whole.finding!.shrinks);
    expect(cut.finding!.input as number).toBeGreaterThan(1000);
  });

  it('a failure seen when the interrupt came, before any replay, is reported as seen and unconfirmed', async () => {
    const controller = new AbortController();
    const result = await runCampaign({
      arbitrary,
      seed: 6,
      runs: 500,
      jobs: 4,
      runCase: async (n) => {
        await tick(1);
        if (n < 1000) return { ok: true, blame: 'fake/clause', detail: n };
        controller.abort();
        return { ok: false, clause: 'fake/clause', what: 'too big', detail: n };
      },
      probe: async () => ({ ok: true }),
      signal: controller.signal,
    });
    expect(result.interrupted).toBe(true);
    expect(result.finding).toMatchObject({ kind: 'violation', shrinks: 0, unconfirmed: true });
    expect(result.finding!.onlyConcurrent).toBeUndefined();
  });

  it('shares a probe among the cases that end while one runs, and never uses one that began before a case ended', async () => {
    let started = 0;
    const starts: number[] = [];
    const probe = batchedProbe(async () => {
      starts.push(performance.now());
      started += 1;
      await tick(20);
      return { ok: true };
    }, 0);
    const first = probe();
    await tick(5);
    const endedAt = performance.now();
    const later = [probe(), probe(), probe()];
    await Promise.all([first, ...later]);
    expect(started).toBe(2);
    expect(starts[1]).toBeGreaterThanOrEqual(endedAt);
  });

  it('starts probes at most once per gap, and one at a time while a probe is slow', async () => {
    const starts: number[] = [];
    let running = 0;
    let most = 0;
    let slow = true;
    const probe = batchedProbe(async () => {
      starts.push(performance.now());
      running += 1;
      most = Math.max(most, running);
      await tick(slow ? 60 : 1);
      running -= 1;
      return { ok: true };
    }, 25);
    const calls: Promise<unknown>[] = [];
    const until = performance.now() + 200;
    while (performance.now() < until) {
      calls.push(probe());
      await tick(1);
    }
    slow = false;
    await Promise.all(calls);
    expect(most).toBe(1);
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(24);
    expect(starts.length).toBeLessThanOrEqual(Math.ceil(200 / 25) + 1);
  });

  it('answers a probe that throws as a lost target, not a crash of the campaign', async () => {
    const probe = batchedProbe(async () => {
      throw new Error('socket exploded');
    }, 0);
    expect(await probe()).toEqual({ ok: false, reason: 'the probe failed: socket exploded' });
  });
});
