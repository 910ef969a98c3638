import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a report whole or not at all: a temporary file beside the target, then a rename. A symbolic link is
 * followed (the file it names is replaced, not the link); a device or pipe (`/dev/stdout`, `/proc/self/fd/1`)
 * cannot be renamed onto and is written to directly.
 */
export async function writeWhole(file: string, content: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    await writeFile(file, content);
    return;
  }
  const target = existing ? await realpath(file) : file;
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
