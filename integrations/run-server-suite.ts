import type { CaseResult, RunDocument } from '../harness/model/result.js';
import { applyBaseline, type Baseline } from '../harness/report/baseline.js';
import { type RunOptions, runOptions } from '../harness/session/run-options.js';
import { runServerSuite as runSuite } from '../harness/session/run-server-suite.js';
import { TargetUnreachableError } from '../harness/session/session.js';
import { toolVersion } from '../harness/version.js';
import { serverGroups } from '../suites/index.js';
import { type TargetInput, targetOf } from './target.js';

/** The options of a run (`RunOptions`, each with its default), as the API takes them. */
export type ServerSuiteOptions = Partial<Omit<RunOptions, 'target'>> & {
  /** `host:port`, an endpoint or a target spec; without it the built-in reference server is tested. */
  readonly target?: TargetInput;
  /** Faults of the built-in reference server (a mutant); only without `target`. */
  readonly referenceFaults?: readonly string[];
  /** Known failures, as `--baseline`: the document marks them, and `document.baseline` counts regressions. */
  readonly baseline?: Baseline;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
};

export { TargetUnreachableError };

/**
 * Runs the server suite and returns the JSON document (`socks-conformance --json`). Rejects with
 * `TargetUnreachableError` when the target does not answer, and with a `TypeError` on bad options.
 */
export async function runServerSuite(options: ServerSuiteOptions = {}): Promise<RunDocument> {
  const { target, referenceFaults, baseline, onResult, signal, ...rest } = options;
  const run = runOptions({ ...rest, target: targetOf(target, referenceFaults) });
  const outcome = await runSuite(run, {
    groups: serverGroups,
    version: toolVersion,
    onResult: onResult,
    signal: signal,
  });
  if (outcome.kind === 'unreachable') throw new TargetUnreachableError(outcome.reason);
  const document = { ...outcome.document, expect: run.expect };
  return baseline ? applyBaseline(document, baseline, 'api') : document;
}
