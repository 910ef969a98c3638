import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from './usage-error.js';

/** Reads a JSON file given on the command line; a file that cannot be read or is not JSON is one line. */
export async function readJsonValue(option: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} ${file}: not JSON: ${(error as Error).message}`);
  }
}

/** Validates JSON read from `file`; the first problem is one line naming file and field. */
export function parseJsonValue<T>(option: string, file: string, schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new UsageError(`${option} ${file}: ${where}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads and validates a JSON file given on the command line; any problem is one line naming file and field. */
export async function readJsonFile<T>(option: string, file: string, schema: z.ZodType<T>): Promise<T> {
  return parseJsonValue(option, file, schema, await readJsonValue(option, file));
}
