import { constants } from 'node:fs';
import { access, mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
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
  await makeDirectories(path.dirname(path.resolve(target)));
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * `mkdir -p`, one directory at a time from the nearest existing ancestor. Node's `mkdir({ recursive: true })`
 * never settles for some paths it cannot create (under /proc, on Node 20), which hung the run after its last case.
 */
export async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  while (!(await stat(at).catch(() => undefined))) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const each of missing)
    await mkdir(each).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
}

/** Creates the folder `file` goes in and checks it may be written; rejects with the reason otherwise. */
export async function prepareFolder(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await makeDirectories(dir);
  if (!(await stat(dir)).isDirectory())
    throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  await access(dir, constants.W_OK);
}
