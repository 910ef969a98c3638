import { reserveRefusedPort } from '../echo/refused-port.js';
import type { SocksVersion } from '../model/case.js';
import type { Endpoint } from '../net/endpoint.js';
import { openTcp, type ReadResult } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { Socks4Command } from '../wire/constants.js';
import { decodeSocks4Reply, encodeSocks4Request } from '../wire/socks4.js';
import { greet } from './greet.js';

/** `silent`: the target neither answered nor refused within the bound (a wedge, or a machine too busy to tell). */
export type SanityResult = { ok: true } | { ok: false; reason: string; silent?: true };

/** Whether a run of `versions` (all when absent) tests SOCKS5, so that SOCKS5 probes may be sent. */
export function speaksSocks5(versions: readonly SocksVersion[] | undefined): boolean {
  return versions === undefined || versions.includes('5');
}

/**
 * Whether the target answers: a clean SOCKS5 greeting that any live SOCKS5 server answers with a well-formed
 * METHOD selection; for a run of SOCKS4 alone, a SOCKS4 CONNECT to a port that refuses, which a live SOCKS4 server
 * answers with an 8-octet reply.
 */
export async function sanityProbe(
  target: Endpoint,
  timeoutMs: number,
  versions?: readonly SocksVersion[],
): Promise<SanityResult> {
  return speaksSocks5(versions) ? socks5Sanity(target, timeoutMs) : socks4Sanity(target, timeoutMs);
}

/** A connection that failed, or a reply that did not come: why, and whether the target was merely silent. */
function unanswered(
  failure: { readonly code: string } | ReadResult<unknown>,
  awaited: string,
  timeoutMs: number,
): SanityResult {
  if ('code' in failure)
    return {
      ok: false,
      reason: `cannot connect: ${failure.code}`,
      ...(failure.code === 'ETIMEDOUT' ? { silent: true as const } : {}),
    };
  if (failure.kind === 'timeout')
    return { ok: false, reason: `no ${awaited} within ${timeoutMs} ms`, silent: true };
  if (failure.kind === 'closed')
    return {
      ok: false,
      reason: `connection ${failure.how === 'rst' ? 'reset' : 'closed'} before a ${awaited}`,
    };
  return { ok: false, reason: `unexpected answer (${failure.kind})` };
}

async function socks5Sanity(target: Endpoint, timeoutMs: number): Promise<SanityResult> {
  const result = await greet(target, [0x00, 0x01, 0x02], timeoutMs);
  if (!result.ok) return unanswered(result, 'METHOD selection', timeoutMs);
  const { reply } = result;
  if (reply.kind === 'decoded' && reply.value.version === 5) return { ok: true };
  if (reply.kind === 'decoded') return { ok: false, reason: `answered with VER=${reply.value.version}` };
  return unanswered(reply, 'METHOD selection', timeoutMs);
}

async function socks4Sanity(target: Endpoint, timeoutMs: number): Promise<SanityResult> {
  const refused = await reserveRefusedPort('127.0.0.1');
  try {
    const opened = await openTcp(target.host, target.port, {
      trace: new Trace(),
      conn: 'probe',
      connectTimeoutMs: timeoutMs,
    });
    if (!opened.ok) return unanswered(opened, 'SOCKS4 reply', timeoutMs);
    const { probe } = opened;
    try {
      await probe.send(
        encodeSocks4Request(Socks4Command.CONNECT, refused.endpoint.host, refused.endpoint.port),
      );
      const reply = await probe.read(decodeSocks4Reply, timeoutMs);
      return reply.kind === 'decoded' ? { ok: true } : unanswered(reply, 'SOCKS4 reply', timeoutMs);
    } finally {
      probe.destroy();
    }
  } finally {
    await refused.close();
  }
}
