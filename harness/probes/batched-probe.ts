import type { SanityResult } from './sanity.js';

/**
 * Liveness probes shared by the cases that end close together. A call joins the batch that has not started
 * yet, so the probe that answers it always starts after the call. A batch starts once the one before it has
 * finished and at least `gapMs` after that one started: a wedged target is probed one at a time, and a fast
 * search pays for at most one probe per `gapMs` however many cases end meanwhile. With `gapMs` 0 and one case
 * at a time, every case gets a probe of its own, straight away.
 */
export function batchedProbe(probe: () => Promise<SanityResult>, gapMs: number): () => Promise<SanityResult> {
  let waiting: Promise<SanityResult> | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  let previousStart = Number.NEGATIVE_INFINITY;

  const startWhenDue = async (): Promise<SanityResult> => {
    await previous;
    const wait = previousStart + gapMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // From here on a call must wait for the next batch: this one's probe is about to start.
    waiting = undefined;
    previousStart = performance.now();
    return probe().catch((error: unknown) => ({
      ok: false,
      reason: `the probe failed: ${error instanceof Error ? error.message : String(error)}`,
    }));
  };

  return () => {
    if (!waiting) {
      const batch = startWhenDue();
      waiting = batch;
      previous = batch;
    }
    return waiting;
  };
}
