import type { Endpoint } from '../net/endpoint.js';
import { openTcp } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { Method } from '../wire/constants.js';
import { decodeMethodSelection, encodeGreeting } from '../wire/socks5-greeting.js';

/** What the target showed it offers, found before the cases run so that each case can ask for the right thing. */
export interface Capabilities {
  /** Methods the target selects when each is offered alone. */
  readonly acceptedMethods: readonly number[];
}

async function selectsAlone(target: Endpoint, method: number, timeoutMs: number): Promise<boolean> {
  const opened = await openTcp(target.host, target.port, {
    trace: new Trace(),
    conn: 'cap',
    connectTimeoutMs: timeoutMs,
  });
  if (!opened.ok) return false;
  const { probe } = opened;
  try {
    await probe.send(encodeGreeting([method]));
    const reply = await probe.read(decodeMethodSelection, timeoutMs);
    return reply.kind === 'decoded' && reply.value.version === 5 && reply.value.method === method;
  } finally {
    probe.destroy();
  }
}

export async function probeCapabilities(target: Endpoint, timeoutMs: number): Promise<Capabilities> {
  const candidates = [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI];
  const results = await Promise.all(candidates.map((m) => selectsAlone(target, m, timeoutMs)));
  return { acceptedMethods: candidates.filter((_, i) => results[i]) };
}
