import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fromRoot } from './paths.js';

/** Published versions installed for the tests live here, one folder per `name@version`, git-ignored. */
const CACHE = fromRoot('.cache/npm');

function folderOf(name: string, version: string): string {
  return path.join(CACHE, `${name.replace('/', '+')}@${version}`);
}

function installedVersion(folder: string, name: string): string | undefined {
  try {
    const manifest = path.join(folder, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function npmInstall(folder: string, spec: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['install', '--prefix', folder, '--no-save', '--no-package-lock', '--ignore-scripts'];
    const child = spawn('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error', spec], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (error) => reject(new Error(`npm could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `npm install ${spec} ${signal ? `was killed after ${timeoutMs} ms` : `exited ${code}`}: ${stderr.trim()}`,
          ),
        );
    });
  });
}

/**
 * Installs exactly `name@version` from the npm registry into a folder of its own (so the project's own
 * dependencies stay as they are) and resolves to that folder; a version already there is reused. Test files
 * may ask for the same version at once: each installs into a temporary folder, and the first rename wins.
 */
export async function installNpmVersion(name: string, version: string, timeoutMs = 120_000): Promise<string> {
  const folder = folderOf(name, version);
  if (installedVersion(folder, name) === version) return folder;
  await mkdir(CACHE, { recursive: true });
  const staging = await mkdtemp(path.join(CACHE, '.staging-'));
  try {
    await npmInstall(staging, `${name}@${version}`, timeoutMs);
    const got = installedVersion(staging, name);
    if (got !== version) throw new Error(`npm installed ${name}@${got ?? 'nothing'}, not ${version}`);
    if (!existsSync(folder)) await rename(staging, folder).catch(() => undefined);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (installedVersion(folder, name) !== version)
    throw new Error(`${folder} does not hold ${name}@${version}`);
  return folder;
}
