import { runSuite } from '../harness/engine/server/run-suite.js';
import type { Feature } from '../harness/model/case.js';
import type { CaseResult, RunDocument } from '../harness/model/result.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { applyBaseline, type Baseline } from '../harness/report/baseline.js';
import { toolVersion } from '../harness/version.js';
import { serverGroups } from '../suites/index.js';
import { resolveTarget, type TargetInput } from './target.js';

export interface ServerSuiteOptions {
  /** `host:port` or `{ host, port }`; without it the built-in reference server is tested. */
  readonly target?: TargetInput;
  /** Faults of the built-in reference server (a mutant); only without `target`. */
  readonly referenceFaults?: readonly string[];
  /** Globs over case ids and clause ids, as `--only` and `--exclude`. */
  readonly only?: readonly string[];
  readonly exclude?: readonly string[];
  readonly jobs?: number;
  readonly timeoutMultiplier?: number;
  readonly strict?: boolean;
  /** Optional features the target must have, as `--expect`. */
  readonly expect?: readonly Feature[];
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly altSource?: string;
  readonly echoHost?: string;
  /** Known failures, as `--baseline`: the document marks them, and `document.baseline` counts regressions. */
  readonly baseline?: Baseline;
  readonly profile?: string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
}

/** The target did not answer the sanity probe: no case could run. */
export class TargetUnreachableError extends Error {}

/**
 * Runs the server suite and returns the JSON document (`socks-conformance --json`). Rejects with
 * `TargetUnreachableError` when the target does not answer, and with a `TypeError` on bad options.
 */
export async function runServerSuite(options: ServerSuiteOptions = {}): Promise<RunDocument> {
  const target = await resolveTarget(options.target, options.referenceFaults);
  try {
    const where = options.target === undefined ? [] : ['--target', formatEndpoint(target.endpoint)];
    const credentials = options.credentials ?? target.credentials;
    const outcome = await runSuite({
      target: target.endpoint,
      groups: serverGroups,
      ...(options.only ? { only: options.only } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(options.timeoutMultiplier ? { timeoutMultiplier: options.timeoutMultiplier } : {}),
      strict: options.strict ?? false,
      ...(options.expect ? { expect: options.expect } : {}),
      ...(credentials ? { credentials } : {}),
      ...(options.altSource ? { altSource: options.altSource } : {}),
      ...(options.echoHost ? { echoHost: options.echoHost } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      version: toolVersion,
      rerun: (c) => ['npx socks-conformance', ...where, '--only', c.id].join(' '),
      ...(options.onResult ? { onResult: options.onResult } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (outcome.kind === 'unreachable') throw new TargetUnreachableError(outcome.reason);
    const document = { ...outcome.document, expect: options.expect ?? [] };
    return options.baseline ? applyBaseline(document, options.baseline, 'api') : document;
  } finally {
    await target.close();
  }
}
