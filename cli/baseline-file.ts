import { z } from 'zod';
import { type Baseline, recordBaseline } from '../harness/report/baseline.js';
import { parseJsonValue, readJsonValue } from './read-json-file.js';
import { parseRunReport } from './report-file.js';

const baselineSchema = z
  .strictObject({
    knownFailures: z.array(
      z.strictObject({
        id: z.string().min(1),
        reason: z.string().trim().min(1, 'every known failure needs a reason'),
      }),
    ),
  })
  .refine((b) => new Set(b.knownFailures.map((k) => k.id)).size === b.knownFailures.length, {
    message: 'a case is listed twice',
    path: ['knownFailures'],
  });

/**
 * `--baseline FILE`: `{ "knownFailures": [ { "id": "…", "reason": "…" } ] }`, or the JSON report of an earlier run
 * (schema 1 or 2), whose FAIL and ERROR cases are the known failures, as `--write-baseline` would have written them.
 */
export async function readBaseline(file: string): Promise<Baseline> {
  const data = await readJsonValue('--baseline', file);
  if (typeof data === 'object' && data !== null && 'tool' in data) {
    const { document } = parseRunReport('--baseline', file, data);
    const reasons = document.results.flatMap((r) =>
      r.baseline?.status === 'known-failure' ? [{ id: r.id, reason: r.baseline.reason }] : [],
    );
    return recordBaseline(document, { knownFailures: reasons });
  }
  return parseJsonValue('--baseline', file, baselineSchema, data);
}
