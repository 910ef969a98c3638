import { defectsOf } from '../model/defects.js';
import type { RunDocument } from '../model/result.js';

/** The document, with its FAILs grouped into distinct defects (`summary.defects`, `defects`). */
export function formatJson(document: RunDocument): string {
  const defects = defectsOf(document.results);
  const withDefects =
    defects.length === 0
      ? document
      : { ...document, summary: { ...document.summary, defects: defects.length }, defects };
  return `${JSON.stringify(withDefects, null, 2)}\n`;
}
