import type { CaseResult } from '../model/result.js';
import { type Verdict, worst } from '../model/verdict.js';

/** One clause's verdict over every case that checks it. */
export interface ClauseVerdict {
  readonly clause: string;
  readonly level: string;
  readonly section: string;
  /** The worst verdict of any check of the clause. */
  readonly verdict: Verdict;
  readonly cases: readonly string[];
  /** Every failing case of the clause is a known failure of the baseline. */
  readonly known: boolean;
}

/** The spec section a clause id names (`rfc1928/6-rsv` → `RFC 1928 §6`), else the case's section. */
export function clauseSection(clause: string, fallback: string): string {
  const rfc = /^rfc(\d+)\/([\d.]+|[a-z]+)-/.exec(clause);
  if (rfc) return /^\d/.test(rfc[2]!) ? `RFC ${rfc[1]} §${rfc[2]}` : `RFC ${rfc[1]} ${rfc[2]}`;
  const socks = /^(socks4a?)\//.exec(clause);
  return socks ? socks[1]!.toUpperCase() : fallback;
}

const failing = (v: Verdict) => v === 'FAIL' || v === 'ERROR';

/** Clause verdicts in the order the clauses first appear; a case's checks each name their clause. */
export function clauseVerdicts(results: readonly CaseResult[]): ClauseVerdict[] {
  const rows = new Map<
    string,
    { level: string; section: string; verdicts: Verdict[]; cases: string[]; known: boolean; primary: boolean }
  >();
  for (const result of results) {
    const checks =
      result.checks.length > 0 ? result.checks : [{ clause: result.clause, verdict: result.verdict }];
    for (const check of checks) {
      const primary = check.clause === result.clause;
      let row = rows.get(check.clause);
      if (!row) {
        row = {
          level: result.level,
          section: clauseSection(check.clause, result.section),
          verdicts: [],
          cases: [],
          known: true,
          primary,
        };
        rows.set(check.clause, row);
      } else if (primary && !row.primary) {
        // The level of the case whose primary clause this is describes the clause best.
        row.level = result.level;
        row.primary = true;
      }
      row.verdicts.push(check.verdict);
      if (!row.cases.includes(result.id)) row.cases.push(result.id);
      if (failing(check.verdict) && result.baseline?.status !== 'known-failure') row.known = false;
    }
  }
  return [...rows].map(([clause, row]) => {
    const verdict = worst(row.verdicts);
    return {
      clause,
      level: row.level,
      section: row.section,
      verdict,
      cases: row.cases,
      known: failing(verdict) && row.known,
    };
  });
}
