/**
 * Reports of JSON schema 1, converted to the current shape so that `merge`, `matrix` and `--baseline` read them.
 * Schema 1 kept words where schema 2 keeps data: `expected` was a list of "when (VERDICT)" for the outcomes that
 * do not fail, `matched` the words of the matched outcome (or the reason), and `trace` the hex dump as text. Those
 * words are read back here, once, and nowhere else.
 */

import type { Check, Expectation } from '../model/outcome.js';
import { NO_OUTCOME_MATCHED } from '../model/outcome.js';
import { type CaseResult, type RunDocument, SCHEMA_VERSION } from '../model/result.js';
import { type Verdict, verdicts } from '../model/verdict.js';
import type { AnnotatedEvent } from '../net/annotate.js';
import { FINDING_SCHEMA, type FuzzFindingRecord } from './fuzz-finding.js';
import { FUZZ_REPORT_SCHEMA, type FuzzReport } from './fuzz-report.js';

export interface CheckV1 {
  readonly clause: string;
  readonly verdict: Verdict;
  readonly expected: readonly string[];
  readonly matched: string;
  readonly observed: string;
  readonly measurements?: Readonly<Record<string, number>>;
}

export interface CaseResultV1
  extends Omit<CaseResult, 'expected' | 'matched' | 'kind' | 'reason' | 'checks' | 'trace'>,
    CheckV1 {
  readonly checks: readonly CheckV1[];
  readonly trace: string;
}

export interface RunDocumentV1 extends Omit<RunDocument, 'results'> {
  readonly results: readonly CaseResultV1[];
}

/** A schema 1 `expected` entry: "when (VERDICT)". */
export const expectationV1 = new RegExp(`^(.*) \\((${verdicts.join('|')})\\)$`, 's');

/** "when (VERDICT)" as `{ verdict, when }` (the reader checked the form). */
function expectationOf(text: string): Expectation {
  const [, when, verdict] = expectationV1.exec(text) ?? [];
  return { verdict: verdicts.find((v) => v === verdict) ?? 'ERROR', when: when ?? text };
}

type Decided = Pick<Check, 'expected' | 'matched' | 'reason'>;

/** The outcomes listed and which one matched; matched words that name no listed outcome become the reason. */
function decidedOf(check: CheckV1): Decided {
  const expected = check.expected.map(expectationOf);
  const index = expected.findIndex((e) => e.when === check.matched);
  if (index >= 0) return { expected, matched: index };
  if (check.matched === NO_OUTCOME_MATCHED) return { expected };
  return { expected, reason: check.matched };
}

export function checkFromV1(check: CheckV1): Check {
  const { expected: _expected, matched: _matched, ...rest } = check;
  return { ...rest, ...decidedOf(check) };
}

/** The hex dump of a schema 1 report, kept as one note: its events are not recoverable from the text. */
export function traceFromV1(text: string): AnnotatedEvent[] {
  return text === '' ? [] : [{ type: 'note', at: 0, conn: '', text }];
}

export function resultFromV1(result: CaseResultV1): CaseResult {
  const { expected: _expected, matched: _matched, checks, trace, ...rest } = result;
  return {
    ...rest,
    ...decidedOf(result),
    checks: checks.map(checkFromV1),
    trace: traceFromV1(trace),
  };
}

export function documentFromV1(document: RunDocumentV1): RunDocument {
  return { ...document, schema: SCHEMA_VERSION, results: document.results.map(resultFromV1) };
}

/** A fuzz campaign report (and its findings) of schema 1, whose findings' traces were text; others as they are. */
export function fuzzReportFromV1(report: FuzzReport): FuzzReport {
  if (report.schema !== 1) return report;
  const findings = report.findings.map(
    (finding): FuzzFindingRecord => ({
      ...finding,
      schema: FINDING_SCHEMA,
      trace: typeof finding.trace === 'string' ? traceFromV1(finding.trace) : finding.trace,
    }),
  );
  return { ...report, schema: FUZZ_REPORT_SCHEMA, findings };
}
