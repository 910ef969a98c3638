import { sleep } from '../../net/timers.js';
import { type SanityResult, sanityProbe } from '../../probes/sanity.js';
import type { StartedTarget } from '../../target/target.js';

/** How long a lost target the harness did not start has to answer again before it counts as gone. */
const COMEBACK_MS = 10_000;

/**
 * Whether the target still answers after a case: a clean SOCKS5 greeting. Silence is a wedge only if it lasts,
 * since under the load of many cases at once one probe can be answered late; a refusal or a reset (a crash)
 * counts at once, and a process that died is named as such.
 */
export function livenessProbe(
  target: StartedTarget,
  timeoutMs: number,
  ms: (value: number) => number,
): () => Promise<SanityResult> {
  return async () => {
    let answered = await sanityProbe(target.endpoint, timeoutMs);
    if (!answered.ok && answered.silent) answered = await sanityProbe(target.endpoint, timeoutMs);
    const died =
      target.restartable?.death() ??
      (answered.ok ? undefined : await target.restartable?.awaitDeath(ms(500)));
    return died ? { ok: false, reason: `the target process ${died}` } : answered;
  };
}

/**
 * Brings a lost target back, so that the inputs seen with its loss can be replayed alone and shrunk: a target
 * the harness started is restarted, the built-in reference server renewed, and a server someone else runs is
 * given COMEBACK_MS to answer again (its supervisor may restart it). Resolves whether it is back.
 */
export function recovery(target: StartedTarget, ms: (value: number) => number): () => Promise<boolean> {
  const { restartable, renew } = target;
  if (restartable)
    return () =>
      restartable.restart().then(
        () => true,
        () => false,
      );
  if (renew)
    return () =>
      renew().then(
        () => true,
        () => false,
      );
  return async () => {
    const until = performance.now() + ms(COMEBACK_MS);
    while (performance.now() < until) {
      if ((await sanityProbe(target.endpoint, ms(500))).ok) return true;
      await sleep(250);
    }
    return false;
  };
}
