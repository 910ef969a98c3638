import type { Endpoint } from '../../harness/net/endpoint.js';
import { greet } from '../../harness/probes/greet.js';

/**
 * Connect, SOCKS5 greeting offering NO AUTHENTICATION, METHOD selection, close: as many as fit in `ms`,
 * `concurrency` at a time (the fuzz campaign's jobs, so the two rates are of the same load).
 */
export async function bareExchanges(
  target: Endpoint,
  ms: number,
  concurrency = 1,
): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  let count = 0;
  async function lane(): Promise<void> {
    while (performance.now() - started < ms) {
      const result = await greet(target, [0x00], 2000);
      if (!result.ok || result.reply.kind !== 'decoded')
        throw new Error('the target stopped answering greetings');
      count += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { count, seconds: (performance.now() - started) / 1000 };
}
