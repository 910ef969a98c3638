import { formatHexBrief } from '../../../harness/net/hexdump.js';
import type { ReadResult, SilenceResult } from '../../../harness/net/tcp-probe.js';
import { describeMethodSelection, type MethodSelection } from '../../../harness/wire/socks5-greeting.js';

/** How a read of one message ended, in words, for the `observed` field of a check. */
export function describeRead<T>(result: ReadResult<T>, describe: (value: T) => string): string {
  switch (result.kind) {
    case 'decoded':
      return `${describe(result.value)} [${formatHexBrief(result.bytes)}] at +${result.at}ms`;
    case 'malformed':
      return `malformed: ${result.reason} [${formatHexBrief(result.bytes)}]`;
    case 'closed':
      return `connection ${result.how === 'rst' ? 'reset' : 'closed (FIN)'}${result.bytes.length ? ` after partial bytes [${formatHexBrief(result.bytes)}]` : ' with no reply'}`;
    case 'timeout':
      return `no complete reply within ${result.waitedMs} ms${result.bytes.length ? ` (partial: [${formatHexBrief(result.bytes)}])` : ''}`;
    case 'overflow':
      return `more than ${result.bytes.length} octets without a complete message`;
  }
}

export const describeSelectionRead = (r: ReadResult<MethodSelection>) =>
  describeRead(r, describeMethodSelection);

export function describeSilence(result: SilenceResult): string {
  if (result.kind === 'silence') return 'nothing more';
  if (result.kind === 'data') return `extra octets [${formatHexBrief(result.bytes)}]`;
  return `connection ${result.how === 'rst' ? 'reset' : 'closed'}`;
}

export const isSelection = (r: ReadResult<MethodSelection>, test: (s: MethodSelection) => boolean) =>
  r.kind === 'decoded' && r.value.version === 5 && test(r.value);

export const isClosed = (r: { kind: string }) => r.kind === 'closed';
