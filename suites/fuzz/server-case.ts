/**
 * One server fuzz case: deliver the input, judge each connection's conversation, and report the first violation
 * (of the first connection that has one) with the clause it breaks. Whether the target still answers afterwards
 * is the campaign's probe.
 */

import type { CaseOutcome } from '../../harness/engine/fuzz/fuzz-campaign.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import type { Trace } from '../../harness/net/trace.js';
import { deliver } from './deliver.js';
import type { EncodeContext, FuzzInput } from './input.js';

export interface ServerFuzzEnvironment {
  /** The target as it is now (a restarted reference server may have a new port). */
  target(): Endpoint;
  readonly encode: EncodeContext;
  ms(milliseconds: number): number;
  readonly quietMs?: number;
}

export async function runServerFuzzCase(
  input: FuzzInput,
  env: ServerFuzzEnvironment,
): Promise<CaseOutcome<Trace>> {
  const delivered = await deliver(input, {
    target: env.target(),
    encode: env.encode,
    ms: env.ms,
    ...(env.quietMs !== undefined ? { quietMs: env.quietMs } : {}),
  });
  // A target that cannot be reached is the probe's to report, under the clause of the first message.
  if (delivered.kind === 'not-sent')
    return { ok: true, blame: 'rfc1928/4-req-format', detail: delivered.trace, skipped: true };
  if (delivered.kind === 'unreachable')
    return { ok: true, blame: 'rfc1928/3-select-offered', detail: delivered.trace };
  const { judgements, trace } = delivered;
  const several = judgements.length > 1;
  for (const [i, judgement] of judgements.entries()) {
    const first = judgement.violations[0];
    if (first) {
      const what = several ? `c${i + 1}: ${first.what}` : first.what;
      return { ok: false, clause: first.clause, what, detail: trace };
    }
  }
  // A crash is named under what the connection that wrote last was sending: its octets met the others'.
  let lastWriter = 'c1';
  for (let i = trace.events.length - 1; i >= 0; i--) {
    const event = trace.events[i]!;
    if (event.type === 'data' && event.dir === 'sent') {
      lastWriter = event.conn;
      break;
    }
  }
  const blamed = judgements[Number(lastWriter.slice(1)) - 1] ?? judgements[0]!;
  return { ok: true, blame: blamed.lastClause, detail: trace };
}
