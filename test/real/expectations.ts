import { readFile } from 'node:fs/promises';
import { explain } from '../../harness/model/outcome.js';
import type { CaseResult } from '../../harness/model/result.js';
import { type Verdict, verdicts } from '../../harness/model/verdict.js';

/** The reason a refresh writes for a new non-PASS verdict; the comparison fails until a human replaces it. */
export const PLACEHOLDER_REASON = 'UNREVIEWED: check against the spec and the trace';

export interface Expectation {
  readonly verdict: Verdict;
  /** Why a verdict other than PASS is right: the observed fact and the clause it meets or breaks. */
  readonly reason?: string;
  /**
   * Instead of a reason: why the verdict looks wrong by the spec (a suspected suite bug, reported with its
   * evidence). The verdict is still held to, so CI notices when it changes; nobody has called it right.
   */
  readonly disputed?: string;
  /**
   * Other verdicts the same server gives on other runs, when its behaviour depends on timing; the reason must
   * then say what the verdict depends on.
   */
  readonly alsoSeen?: readonly Verdict[];
}

export interface ExpectationFile {
  readonly server: string;
  readonly config: string;
  readonly cases: Readonly<Record<string, Expectation>>;
}

export interface Difference {
  readonly case: string;
  readonly expected: string;
  readonly observed: string;
  readonly text: string;
}

/** Reads an expectations file; undefined when there is none yet, so that a refresh can create it. */
export async function readExpectations(file: string): Promise<ExpectationFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as ExpectationFile;
  for (const [id, e] of Object.entries(parsed.cases ?? {})) {
    for (const v of [e.verdict, ...(e.alsoSeen ?? [])])
      if (!verdicts.includes(v)) throw new Error(`${file}: ${id} has an unknown verdict ${v}`);
  }
  return parsed;
}

function allows(e: Expectation, verdict: Verdict): boolean {
  return e.verdict === verdict || (e.alsoSeen ?? []).includes(verdict);
}

function unreviewed(e: Expectation): boolean {
  if ((e.verdict === 'PASS' && !e.alsoSeen?.length) || e.disputed?.trim()) return false;
  return !e.reason?.trim() || e.reason.startsWith('UNREVIEWED');
}

/**
 * Every way the run departs from the expectations: a verdict that differs, a case without an expectation, an
 * expectation for a case that no longer exists, and a non-PASS expectation whose reason nobody has written.
 */
export function compareVerdicts(expected: ExpectationFile, results: readonly CaseResult[]): Difference[] {
  const differences: Difference[] = [];
  const ran = new Set(results.map((r) => r.id));
  for (const r of results) {
    const e = expected.cases[r.id];
    const matched = explain(r);
    const text = matched === r.observed ? r.observed : `${matched}: ${r.observed}`;
    if (!e) differences.push({ case: r.id, expected: '(no expectation)', observed: r.verdict, text });
    else if (!allows(e, r.verdict))
      differences.push({
        case: r.id,
        expected: [e.verdict, ...(e.alsoSeen ?? [])].join(' or '),
        observed: r.verdict,
        text,
      });
    else if (unreviewed(e))
      differences.push({
        case: r.id,
        expected: `${e.verdict} (reason not written)`,
        observed: r.verdict,
        text,
      });
  }
  for (const [id, e] of Object.entries(expected.cases)) {
    if (!ran.has(id))
      differences.push({ case: id, expected: e.verdict, observed: '(no such case)', text: '' });
  }
  return differences;
}

export function formatDifferences(file: string, differences: readonly Difference[]): string {
  const lines = differences.map(
    (d) => `  ${d.case}: expected ${d.expected}, observed ${d.observed}${d.text ? `\n      ${d.text}` : ''}`,
  );
  return [
    `${differences.length} difference(s) from ${file} (where the new verdict is right: npm run expectations, then write the reasons):`,
    ...lines,
  ].join('\n');
}

/**
 * The expectations a fresh run implies: its verdicts, in suite order; an expectation is kept whole where it
 * allows the new verdict, and a new non-PASS verdict gets the placeholder reason.
 */
export function refreshExpectations(
  previous: ExpectationFile | undefined,
  header: { server: string; config: string },
  results: readonly CaseResult[],
): ExpectationFile {
  const cases: Record<string, Expectation> = {};
  for (const r of results) {
    const old = previous?.cases[r.id];
    if (old && allows(old, r.verdict)) cases[r.id] = old;
    else
      cases[r.id] =
        r.verdict === 'PASS' ? { verdict: 'PASS' } : { verdict: r.verdict, reason: PLACEHOLDER_REASON };
  }
  return { server: previous?.server ?? header.server, config: previous?.config ?? header.config, cases };
}
