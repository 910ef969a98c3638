import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from './usage-error.js';

/** Reads and validates a JSON file given on the command line; any problem is one line naming file and field. */
export async function readJsonFile<T>(option: string, file: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} ${file}: not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new UsageError(`${option} ${file}: ${where}: ${issue.message}`);
  }
  return parsed.data;
}
