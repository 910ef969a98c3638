import type { Endpoint } from '../net/endpoint.js';
import { greet } from './greet.js';

/** `silent`: the target neither answered nor refused within the bound (a wedge, or a machine too busy to tell). */
export type SanityResult = { ok: true } | { ok: false; reason: string; silent?: true };

/** A clean SOCKS5 greeting that any live SOCKS5 server answers with a well-formed METHOD selection. */
export async function sanityProbe(target: Endpoint, timeoutMs: number): Promise<SanityResult> {
  const result = await greet(target, [0x00, 0x01, 0x02], timeoutMs);
  if (!result.ok)
    return {
      ok: false,
      reason: `cannot connect: ${result.code}`,
      ...(result.code === 'ETIMEDOUT' ? { silent: true as const } : {}),
    };
  const { reply } = result;
  if (reply.kind === 'decoded' && reply.value.version === 5) return { ok: true };
  if (reply.kind === 'decoded') return { ok: false, reason: `answered with VER=${reply.value.version}` };
  if (reply.kind === 'timeout')
    return { ok: false, reason: `no METHOD selection within ${timeoutMs} ms`, silent: true };
  if (reply.kind === 'closed') {
    return {
      ok: false,
      reason: `connection ${reply.how === 'rst' ? 'reset' : 'closed'} before a METHOD selection`,
    };
  }
  return { ok: false, reason: `unexpected answer (${reply.kind})` };
}
