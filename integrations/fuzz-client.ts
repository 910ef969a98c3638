/**
 * A client fuzz campaign: each case runs the client under test once against a scripted server answering with a
 * generated reply (suites/fuzz/client-fuzz.ts), through the client-mode machinery, and the engine shrinks the
 * first finding. Also the replay of one saved reply.
 */

import type { ClientUnderTest } from '../harness/engine/client/client-under-test.js';
import { runClientCase } from '../harness/engine/client/run-client-case.js';
import { clientCredentials } from '../harness/engine/client/run-client-suite.js';
import {
  type CampaignResult,
  type CampaignStats,
  type CaseOutcome,
  runCampaign,
} from '../harness/engine/fuzz/fuzz-campaign.js';
import type { ClientCaseGroup } from '../harness/model/client-case.js';
import { explain } from '../harness/model/outcome.js';
import type { CaseResult } from '../harness/model/result.js';
import { type ClientFuzzInput, clientFuzzCase, clientFuzzInputs } from '../suites/fuzz/client-fuzz.js';

export interface ClientFuzzOptions {
  readonly client: ClientUnderTest;
  readonly seed: number;
  readonly runs?: number;
  readonly timeMs?: number;
  readonly timeoutMultiplier?: number;
  /** Ends the campaign early (Ctrl-C, SIGTERM): see `CampaignOptions.signal`. */
  readonly signal?: AbortSignal;
  onProgress?(stats: CampaignStats): void;
}

const group: ClientCaseGroup = { section: 'Fuzz (client)', file: 'suites/fuzz/client-fuzz.ts', cases: [] };

/** One run of the client against the reply `input` describes, as a campaign case. */
function caseRunner(options: Omit<ClientFuzzOptions, 'seed'>) {
  return async (input: ClientFuzzInput): Promise<CaseOutcome<CaseResult>> => {
    const result = await runClientCase(
      clientFuzzCase(input),
      group,
      {
        client: options.client,
        timeoutMultiplier: options.timeoutMultiplier ?? 1,
        strict: false,
        credentials: clientCredentials,
      },
      '',
    );
    const failed = result.checks.find((c) => c.verdict === 'FAIL');
    if (failed)
      return {
        ok: false,
        clause: failed.clause,
        what: `${explain(failed)} (${failed.observed})`,
        detail: result,
      };
    return { ok: true, blame: result.clause, detail: result };
  };
}

export async function fuzzClient(options: ClientFuzzOptions): Promise<{
  result: CampaignResult<ClientFuzzInput, CaseResult>;
  /** Cases in which the client never connected (an ERROR of that kind): a campaign of only these proves nothing. */
  unreached: number;
}> {
  const run = caseRunner(options);
  let unreached = 0;
  const result = await runCampaign<ClientFuzzInput, CaseResult>({
    arbitrary: clientFuzzInputs,
    runCase: async (input) => {
      const outcome = await run(input);
      if (outcome.ok && outcome.detail.verdict === 'ERROR' && outcome.detail.kind === 'never-connected')
        unreached += 1;
      return outcome;
    },
    // A new client process per case: nothing outlives a case that a probe would need to check.
    probe: async () => ({ ok: true }),
    // `fuzz client` still reports its first finding alone: its reports hold one.
    stopOnFirst: true,
    seed: options.seed,
    runs: options.runs,
    timeMs: options.timeMs,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  return { result, unreached };
}

export async function replayClientInput(
  input: ClientFuzzInput,
  options: Omit<ClientFuzzOptions, 'seed'>,
): Promise<CaseOutcome<CaseResult>> {
  return caseRunner(options)(input);
}
