import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found upward from this file: test/real in source, dist/test/real built. */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot();

/** An absolute path from one relative to the project root, as expectation files write them. */
export function fromRoot(relative: string): string {
  return path.join(projectRoot, relative);
}

export function expectationsFile(serverId: string): string {
  return `fixtures/expectations/${serverId}.json`;
}
