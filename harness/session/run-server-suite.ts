import { exitCodeFor, runServerCases } from '../engine/server/run-suite.js';
import type { CaseDefinition, CaseGroup } from '../model/case.js';
import type { CaseResult, RunDocument } from '../model/result.js';
import { formatEndpoint } from '../net/endpoint.js';
import { rerunCommand } from './rerun.js';
import type { RunOptions } from './run-options.js';
import { openSession, type Session, TargetUnreachableError } from './session.js';

export type SuiteOutcome =
  | { readonly kind: 'ran'; readonly document: RunDocument; readonly exitCode: number }
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface SuiteHooks {
  /** The cases (suites/index.ts `serverGroups`, or some of them). */
  readonly groups: readonly CaseGroup[];
  readonly version: string;
  /** One command that re-runs a case; default `rerunCommand` of the options. */
  readonly rerun?: (definition: CaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
  /** Told of the session once it is open (the CLI names the target before the cases run). */
  readonly onSession?: (session: Session) => void;
}

/** Runs the selected server cases in a session of their own: set up, run, and closed whatever happens. */
export async function runServerSuite(options: RunOptions, hooks: SuiteHooks): Promise<SuiteOutcome> {
  let session: Session;
  try {
    session = await openSession(options);
  } catch (error) {
    if (error instanceof TargetUnreachableError) return { kind: 'unreachable', reason: error.message };
    throw error;
  }
  try {
    hooks.onSession?.(session);
    const document = await runServerCases(session.env, {
      groups: hooks.groups,
      only: options.only,
      exclude: options.exclude,
      jobs: options.jobs,
      repeat: options.repeat,
      shard: options.shard,
      target: formatEndpoint(session.target.endpoint),
      targetDescription: session.target.description,
      profile: options.profile,
      version: hooks.version,
      rerun: hooks.rerun ?? ((c) => rerunCommand(options, c.id)),
      onResult: hooks.onResult,
      signal: hooks.signal,
      restartable: session.target.restartable,
    });
    return { kind: 'ran', document, exitCode: exitCodeFor(document) };
  } finally {
    await session.close();
  }
}
