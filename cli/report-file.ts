import { z } from 'zod';
import { checkKinds } from '../harness/model/outcome.js';
import { type RunDocument, SCHEMA_VERSION } from '../harness/model/result.js';
import { verdicts } from '../harness/model/verdict.js';
import { documentFromV1, expectationV1, type RunDocumentV1 } from '../harness/report/report-v1.js';
import { parseJsonValue, readJsonValue } from './read-json-file.js';
import { UsageError } from './usage-error.js';

const envelope = z.looseObject({
  tool: z.literal('socks-conformance', 'not a socks-conformance JSON report'),
  schema: z.number().int(),
  type: z.string().optional(),
});

const verdict = z.enum(verdicts);

/** What merge, matrix and --baseline read of a result of schema 2; the rest is carried over as it is. */
const checkV2 = {
  clause: z.string(),
  verdict,
  expected: z.array(z.object({ verdict, when: z.string() })),
  matched: z.number().int().nonnegative().optional(),
  observed: z.string(),
  kind: z.enum(checkKinds).optional(),
  reason: z.string().optional(),
};
const resultV2 = z.looseObject({
  id: z.string(),
  level: z.string(),
  title: z.string(),
  ...checkV2,
  checks: z.array(z.looseObject(checkV2)),
  trace: z.array(z.looseObject({ type: z.string() })),
});

/** The same of schema 1, whose outcomes were words: "when (VERDICT)". */
const expectedV1 = z.array(z.string().regex(expectationV1, 'not an outcome of the form "when (VERDICT)"'));
const checkV1 = {
  clause: z.string(),
  verdict,
  expected: expectedV1,
  matched: z.string(),
  observed: z.string(),
};
const resultV1 = z.looseObject({
  id: z.string(),
  level: z.string(),
  title: z.string(),
  ...checkV1,
  checks: z.array(z.looseObject(checkV1)),
  trace: z.string(),
});

/**
 * Reads the JSON report of a run of schema 2, or of schema 1 converted to schema 2; refuses any other version,
 * and reports of another kind (a fuzz campaign), in one line. `fields` are further document fields to check.
 * `schema` is the version as read.
 */
export async function readRunReport(
  option: string,
  file: string,
  fields: z.ZodRawShape = {},
): Promise<{ document: RunDocument; schema: number }> {
  return parseRunReport(option, file, await readJsonValue(option, file), fields);
}

/** `readRunReport` of JSON already read from `file`. */
export function parseRunReport(
  option: string,
  file: string,
  data: unknown,
  fields: z.ZodRawShape = {},
): { document: RunDocument; schema: number } {
  const head = parseJsonValue(option, file, envelope, data);
  if (head.type !== undefined) throw new UsageError(`${option} ${file}: a ${head.type} report, not a run's`);
  if (head.schema === 1) {
    const v1 = parseJsonValue(option, file, z.looseObject({ ...fields, results: z.array(resultV1) }), data);
    return { document: documentFromV1(v1 as unknown as RunDocumentV1), schema: 1 };
  }
  if (head.schema !== SCHEMA_VERSION)
    throw new UsageError(
      `${option} ${file}: a report of JSON schema ${head.schema}; this socks-conformance reads schemas 1 and ${SCHEMA_VERSION}`,
    );
  const v2 = parseJsonValue(option, file, z.looseObject({ ...fields, results: z.array(resultV2) }), data);
  return { document: v2 as unknown as RunDocument, schema: SCHEMA_VERSION };
}
