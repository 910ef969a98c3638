/**
 * One server fuzz case: deliver the input, judge the conversation, and report the first violation with the
 * clause it breaks. Whether the target still answers afterwards is the campaign's probe.
 */
import type { Endpoint } from '../../harness/net/endpoint.js';
import type { Trace } from '../../harness/net/trace.js';
import type { CaseOutcome } from '../../harness/runner/fuzz-campaign.js';
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
  const { judgement, trace } = delivered;
  const first = judgement.violations[0];
  if (first) return { ok: false, clause: first.clause, what: first.what, detail: trace };
  return { ok: true, blame: judgement.lastClause, detail: trace };
}
