import type { CaseResult } from './result.js';

/** One distinct way the target breaks the spec, and every failing case that shows it. */
export interface Defect {
  /** The clause the defect breaks. */
  readonly clause: string;
  /** What the target does, in the words of the outcome it matched. */
  readonly title: string;
  /** The failing cases, in report order. */
  readonly cases: readonly string[];
}

const variantOf = (id: string) =>
  /\/(bytewise|coalesced)$/.exec(id)?.[1] as 'bytewise' | 'coalesced' | undefined;

const segmentationDefects = {
  bytewise: 'a message split across segments is not reassembled',
  coalesced: 'messages that arrive together in one segment are not all read',
} as const;

/**
 * The FAILs of a run grouped into distinct defects. A segmentation variant that fails where its plain case does
 * not, and a case whose negotiation failed under a segmentation (`not-reached`), show one defect per kind of
 * segmentation, whatever case they came from; the case that judges that segmentation on its own joins it. Every
 * other FAIL is grouped by its clause and the outcome it matched (or, unmatched, by its clause alone).
 */
export function defectsOf(results: readonly CaseResult[]): Defect[] {
  const failed = results.filter((r) => r.verdict === 'FAIL');
  const verdictOf = new Map(results.map((r) => [r.id, r.verdict]));
  const owners = new Map<string, 'bytewise' | 'coalesced'>();
  for (const r of failed) {
    const owner =
      r.kind === 'not-reached' ? /\(([^ ()]+) judges that\)/.exec(r.reason ?? '')?.[1] : undefined;
    const variant = variantOf(r.id);
    if (owner && variant) owners.set(owner, variant);
  }
  const groups = new Map<string, { clause: string; title: string; cases: string[] }>();
  for (const r of failed) {
    const variant = variantOf(r.id);
    const plain = variant ? r.id.slice(0, -variant.length - 1) : undefined;
    const variantAlone =
      variant !== undefined &&
      (r.kind === 'not-reached' || (plain !== undefined && verdictOf.get(plain) !== 'FAIL'));
    const bySegmentation = variantAlone ? variant : owners.get(r.id);
    const matched = r.matched === undefined ? undefined : r.expected[r.matched]?.when;
    const [key, title] = bySegmentation
      ? [`segmentation ${bySegmentation}`, segmentationDefects[bySegmentation]]
      : [`${r.clause} ${matched ?? ''}`, matched ?? `matched no listed outcome of ${r.clause}`];
    const group = groups.get(key) ?? { clause: r.clause, title, cases: [] };
    group.cases.push(r.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `40 FAIL: 6 defects`, or `1 FAIL: 1 defect`; empty without a FAIL. */
export function describeFailCount(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => r.verdict === 'FAIL').length;
  if (failed === 0) return '';
  const defects = defectsOf(results).length;
  return `${failed} FAIL: ${defects} defect${defects === 1 ? '' : 's'}`;
}
