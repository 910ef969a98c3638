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

/** Why a connection's conversation is not one the generators produce, if it is not. */
function conversationProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the input is not an object';
  if (value.version !== '5' && value.version !== '4' && value.version !== '4a')
    return `unknown version ${JSON.stringify(value.version)}`;
  if (!Array.isArray(value.messages)) return 'the input has no messages';
  for (const message of value.messages) {
    if (!isRecord(message) || !messageTypes.has(String(message.type)))
      return `a message of unknown type ${JSON.stringify(isRecord(message) ? message.type : message)}`;
    if ('destination' in message) {
      const problem = destinationProblem(message.destination);
      if (problem) return problem;
    }
    if (typeof message.delayMs === 'number' && (message.delayMs < 0 || message.delayMs > 1000))
      return `a delay of ${message.delayMs} ms (0..1000 allowed)`;
  }
  return undefined;
}

/** At most this many connections alongside the input's own (the generators make one or two). */
const MAX_ALONGSIDE = 7;

export function checkFuzzInput(value: unknown): InputCheck {
  const problem = conversationProblem(value);
  if (problem) return { ok: false, reason: problem };
  const { alongside } = value as Record<string, unknown>;
  if (alongside !== undefined) {
    if (!Array.isArray(alongside) || alongside.length > MAX_ALONGSIDE)
      return { ok: false, reason: `alongside is not a list of at most ${MAX_ALONGSIDE} conversations` };
    for (const conversation of alongside) {
      const inner = conversationProblem(conversation);
      if (inner) return { ok: false, reason: `a connection alongside: ${inner}` };
    }
  }
  return { ok: true, input: value as unknown as FuzzInput };
}
