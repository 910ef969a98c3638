/**
 * Simpler variants of a failing input, for the campaign's last shrinking pass: a message left out, its delivery
 * made plain (one write, no delay, no extra octets), its last octet cut. fast-check's structural shrinking
 * cannot cut a message the generator did not already cut.
 */
import { type EncodeContext, encodeFuzzMessage, type FuzzInput, type FuzzMessage } from './input.js';

function without<T extends object>(message: T, key: string): T {
  const copy = { ...message } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}

export function simplerInputs(input: FuzzInput, context: EncodeContext): FuzzInput[] {
  const { messages } = input;
  const replace = (index: number, message: FuzzMessage): FuzzInput => ({
    ...input,
    messages: messages.map((m, i) => (i === index ? message : m)),
  });
  const candidates: FuzzInput[] = [];
  for (let i = messages.length - 1; i >= 0; i--)
    candidates.push({ ...input, messages: messages.filter((_, j) => j !== i) });
  messages.forEach((message, i) => {
    for (const key of ['splitSeed', 'delayMs', 'extraHex', 'pipelined'] as const)
      if (message[key] !== undefined) candidates.push(replace(i, without(message, key)));
  });
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    const length = encodeFuzzMessage(message, context).length;
    if (length > 0) candidates.push(replace(i, { ...message, cut: length - 1 }));
  }
  return candidates.filter((c) => c.messages.length > 0);
}
