/**
 * Simpler variants of a failing input, for the campaign's last shrinking pass: a connection left out, a
 * message left out, its delivery made plain (one write, no delay, no extra octets), its last octet cut.
 * fast-check's structural shrinking cannot cut a message the generator did not already cut.
 */
import {
  type EncodeContext,
  encodeFuzzMessage,
  type FuzzConversation,
  type FuzzInput,
  type FuzzMessage,
} from './input.js';

function without<T extends object>(message: T, key: string): T {
  const copy = { ...message } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}

function simplerConversations(conversation: FuzzConversation, context: EncodeContext): FuzzConversation[] {
  const { messages } = conversation;
  const replace = (index: number, message: FuzzMessage): FuzzConversation => ({
    ...conversation,
    messages: messages.map((m, i) => (i === index ? message : m)),
  });
  const candidates: FuzzConversation[] = [];
  for (let i = messages.length - 1; i >= 0; i--)
    candidates.push({ ...conversation, messages: messages.filter((_, j) => j !== i) });
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

/** `input` with its connections alongside replaced by `alongside` (none: a conversation of one connection). */
function withAlongside(input: FuzzInput, alongside: readonly FuzzConversation[]): FuzzInput {
  const { alongside: _, ...own } = input;
  return alongside.length > 0 ? { ...own, alongside } : own;
}

export function simplerInputs(input: FuzzInput, context: EncodeContext): FuzzInput[] {
  const alongside = input.alongside ?? [];
  const [next, ...rest] = alongside;
  // The input's own connection left out: the first one alongside takes its place.
  const candidates: FuzzInput[] = next ? [withAlongside({ ...input, ...next }, rest)] : [];
  candidates.push(
    ...alongside.map((_, i) =>
      withAlongside(
        input,
        alongside.filter((__, j) => j !== i),
      ),
    ),
  );
  for (const own of simplerConversations(input, context))
    candidates.push(withAlongside({ ...input, ...own }, alongside));
  alongside.forEach((conversation, i) => {
    for (const simpler of simplerConversations(conversation, context))
      candidates.push(
        withAlongside(
          input,
          alongside.map((c, j) => (j === i ? simpler : c)),
        ),
      );
  });
  return candidates;
}
