import { z } from 'zod';
import type { Baseline } from '../harness/report/baseline.js';
import { readJsonFile } from './read-json-file.js';

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

/** `--baseline FILE`: `{ "knownFailures": [ { "id": "…", "reason": "…" } ] }`. */
export function readBaseline(file: string): Promise<Baseline> {
  return readJsonFile('--baseline', file, baselineSchema);
}
