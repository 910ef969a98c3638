/**
 * Checks a fuzz input read from a file (a saved finding, a corpus entry) before it is replayed: the shape the
 * generators produce, and destinations on loopback only, so no file can send a target elsewhere.
 */
import ipaddr from 'ipaddr.js';
import type { FuzzInput } from './input.js';

export type InputCheck = { ok: true; input: FuzzInput } | { ok: false; reason: string };

const messageTypes = new Set(['greeting', 'auth', 'request', 'socks4', 'data']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function destinationProblem(destination: unknown): string | undefined {
  if (!isRecord(destination)) return 'a destination is not an object';
  const { kind, host } = destination;
  if (kind === 'echo' || kind === 'refused' || kind === 'domain') return undefined;
  if (kind !== 'ipv4' && kind !== 'ipv6') return `unknown destination kind ${JSON.stringify(kind)}`;
  if (typeof host !== 'string' || !ipaddr.isValid(host)) return `destination host ${JSON.stringify(host)}`;
  const range = ipaddr.parse(host).range();
  if (range !== 'loopback' && range !== 'unspecified')
    return `destination ${host} is not a loopback address; the fuzzer sends targets to loopback only`;
  return undefined;
}

export function checkFuzzInput(value: unknown): InputCheck {
  if (!isRecord(value)) return { ok: false, reason: 'the input is not an object' };
  if (value.version !== '5' && value.version !== '4' && value.version !== '4a')
    return { ok: false, reason: `unknown version ${JSON.stringify(value.version)}` };
  if (!Array.isArray(value.messages)) return { ok: false, reason: 'the input has no messages' };
  for (const message of value.messages) {
    if (!isRecord(message) || !messageTypes.has(String(message.type)))
      return {
        ok: false,
        reason: `a message of unknown type ${JSON.stringify(isRecord(message) ? message.type : message)}`,
      };
    if ('destination' in message) {
      const problem = destinationProblem(message.destination);
      if (problem) return { ok: false, reason: problem };
    }
    if (typeof message.delayMs === 'number' && (message.delayMs < 0 || message.delayMs > 1000))
      return { ok: false, reason: `a delay of ${message.delayMs} ms (0..1000 allowed)` };
  }
  return { ok: true, input: value as unknown as FuzzInput };
}
