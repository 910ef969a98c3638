import { explain } from '../model/outcome.js';
import type { BaselineSummary, CaseResult, RunDocument } from '../model/result.js';
import { ExitCode } from '../model/verdict.js';

/** A known failure: a case expected to fail on this target, and why. */
export interface KnownFailure {
  readonly id: string;
  readonly reason: string;
}

export interface Baseline {
  readonly knownFailures: readonly KnownFailure[];
}

const failing = (r: CaseResult) => r.verdict === 'FAIL' || r.verdict === 'ERROR';
/** A listed case whose verdict was decided and no longer fails the run; SKIP and UNSUPPORTED decide nothing. */
const passing = (r: CaseResult) => r.verdict === 'PASS' || r.verdict === 'WARN' || r.verdict === 'INFO';

/**
 * Marks the failures the baseline lists as known (with its reason) and the listed cases that now pass as
 * unexpected passes; every other failure is a regression.
 */
export function applyBaseline(document: RunDocument, baseline: Baseline, file: string): RunDocument {
  const reasons = new Map(baseline.knownFailures.map((k) => [k.id, k.reason]));
  const results = document.results.map((r): CaseResult => {
    const reason = reasons.get(r.id);
    if (reason === undefined) return r;
    if (failing(r)) return { ...r, baseline: { status: 'known-failure', reason } };
    if (passing(r)) return { ...r, baseline: { status: 'unexpected-pass', reason } };
    return r;
  });
  const summary: BaselineSummary = {
    file,
    knownFailures: results.filter((r) => r.baseline?.status === 'known-failure').length,
    unexpectedPasses: results.filter((r) => r.baseline?.status === 'unexpected-pass').length,
    regressions: results.filter((r) => failing(r) && !r.baseline).length,
  };
  return { ...document, results, baseline: summary };
}

/** With a baseline, only regressions fail the run, and unexpected passes too under `--fail-on-xpass`. */
export function baselineExitCode(document: RunDocument, exitCode: number, failOnXpass: boolean): number {
  if (!document.baseline || (exitCode !== ExitCode.OK && exitCode !== ExitCode.FAILED)) return exitCode;
  const { regressions, unexpectedPasses } = document.baseline;
  return regressions > 0 || (failOnXpass && unexpectedPasses > 0) ? ExitCode.FAILED : ExitCode.OK;
}

/**
 * The baseline of this run's failures: the reason of a case already listed is kept; a new one says what failed,
 * for a person to replace with why it is accepted.
 */
export function recordBaseline(document: RunDocument, previous?: Baseline): Baseline {
  const reasons = new Map(previous?.knownFailures.map((k) => [k.id, k.reason]));
  return {
    knownFailures: document.results
      .filter(failing)
      .map((r) => ({ id: r.id, reason: reasons.get(r.id) ?? `UNREVIEWED: ${r.verdict} ${explain(r)}` })),
  };
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function formatBaselineSummary(summary: BaselineSummary): string {
  return `baseline ${summary.file}: ${summary.knownFailures} known failure(s), ${summary.regressions} regression(s), ${summary.unexpectedPasses} unexpected pass(es)`;
}
