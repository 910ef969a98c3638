import type { CaseResult } from '../model/result.js';

/** The results grouped by spec section, sections in the order they first appear. */
export function sectionsOf(results: readonly CaseResult[]): Map<string, CaseResult[]> {
  const sections = new Map<string, CaseResult[]>();
  for (const result of results) {
    const list = sections.get(result.section);
    if (list) list.push(result);
    else sections.set(result.section, [result]);
  }
  return sections;
}
