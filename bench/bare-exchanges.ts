import type { Endpoint } from '../harness/net/endpoint.js';
import { greet } from '../harness/runner/greet.js';

/** Connect, SOCKS5 greeting offering NO AUTHENTICATION, METHOD selection, close: as many as fit in `ms`. */
export async function bareExchanges(
  target: Endpoint,
  ms: number,
): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < ms) {
    const result = await greet(target, [0x00], 2000);
    if (!result.ok || result.reply.kind !== 'decoded')
      throw new Error('the target stopped answering greetings');
    count += 1;
  }
  return { count, seconds: (performance.now() - started) / 1000 };
}
