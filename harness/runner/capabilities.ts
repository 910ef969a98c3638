import type { Endpoint } from '../net/endpoint.js';
import { Method } from '../wire/constants.js';
import { greet } from './greet.js';

/** What the target showed it offers, found before the cases run so that each case can ask for the right thing. */
export interface Capabilities {
  /** Methods the target selects when each is offered alone. */
  readonly acceptedMethods: readonly number[];
}

async function selectsAlone(target: Endpoint, method: number, timeoutMs: number): Promise<boolean> {
  const result = await greet(target, [method], timeoutMs);
  return (
    result.ok &&
    result.reply.kind === 'decoded' &&
    result.reply.value.version === 5 &&
    result.reply.value.method === method
  );
}

export async function probeCapabilities(target: Endpoint, timeoutMs: number): Promise<Capabilities> {
  const candidates = [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI];
  const results = await Promise.all(candidates.map((m) => selectsAlone(target, m, timeoutMs)));
  return { acceptedMethods: candidates.filter((_, i) => results[i]) };
}
