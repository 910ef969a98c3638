import type { Endpoint } from '../net/endpoint.js';
import { openTcp, type ReadResult } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { decodeMethodSelection, encodeGreeting, type MethodSelection } from '../wire/socks5-greeting.js';

export type GreetResult = { ok: false; code: string } | { ok: true; reply: ReadResult<MethodSelection> };

/** One throw-away connection: a SOCKS5 greeting offering `methods`, and the target's answer within `timeoutMs`. */
export async function greet(
  target: Endpoint,
  methods: readonly number[],
  timeoutMs: number,
): Promise<GreetResult> {
  const opened = await openTcp(target.host, target.port, {
    trace: new Trace(),
    conn: 'probe',
    connectTimeoutMs: timeoutMs,
  });
  if (!opened.ok) return { ok: false, code: opened.code };
  const { probe } = opened;
  try {
    await probe.send(encodeGreeting(methods));
    return { ok: true, reply: await probe.read(decodeMethodSelection, timeoutMs) };
  } finally {
    probe.destroy();
  }
}
