import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../real/paths.js';

const run = promisify(execFile);

/**
 * The published package is the checkout's tool: `npm pack` the project (dist/ as `npm test` built it), install
 * the tarball into an empty folder as a user would, and run it there.
 */
let folder: string;
let tarball: string;
let installed: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'socks-conformance-pack-'));
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], {
    cwd: fromRoot('.'),
    timeout: 120_000,
  });
  tarball = path.join(folder, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const consumer = path.join(folder, 'consumer');
  await mkdir(consumer);
  await run('npm', ['init', '-y'], { cwd: consumer, timeout: 60_000 });
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: consumer,
    timeout: 240_000,
  });
  installed = path.join(consumer, 'node_modules', 'socks-conformance');
}, 300_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function cli(args: string[], where: 'checkout' | 'installed') {
  const main = where === 'checkout' ? fromRoot('dist/cli/main.js') : path.join(installed, 'dist/cli/main.js');
  return run(process.execPath, [main, ...args], { timeout: 60_000 }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function files(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    ),
  );
  return nested.flat();
}

describe('the packed package', () => {
  it('lists the same server and client cases as the checkout', async () => {
    for (const args of [
      ['--list', '--json'],
      ['client', '--list', '--json'],
    ]) {
      const [ours, theirs] = await Promise.all([cli(args, 'checkout'), cli(args, 'installed')]);
      expect(theirs.stdout.length).toBeGreaterThan(1000);
      expect(theirs.stdout).toBe(ours.stdout);
    }
  });

  it('ships the tool and what it reads at run time, and nothing else', async () => {
    const shipped = await files(installed);
    expect(shipped).toContain('LICENSE');
    expect(shipped).toContain('dist/cli/main.js');
    expect(shipped.filter((f) => f.startsWith('fixtures/corpus/')).length).toBeGreaterThan(0);
    expect(shipped).toContain('schema/report.schema.json');
    // The JSON report's schema is exported for a consumer's validator.
    const consumerRequire = createRequire(path.join(folder, 'consumer', 'index.js'));
    expect(consumerRequire.resolve('socks-conformance/schema/report.schema.json')).toBe(
      path.join(installed, 'schema', 'report.schema.json'),
    );
    expect(shipped.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((f) => /^dist\/(test|fixtures|bench)\//.test(f))).toEqual([]);
    expect(
      shipped.filter(
        (f) =>
          !/^(dist|fixtures\/corpus)\/|^(package\.json|README\.md|LICENSE|schema\/report\.schema\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
  });

  it('says where it comes from, under which licence, where it runs, and needs testcontainers only on demand', async () => {
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.license).toBe('MIT');
    expect(await readFile(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    for (const field of ['repository', 'homepage', 'bugs']) expect(manifest[field], field).toBeTruthy();
    expect(manifest.os).toEqual(['!win32']);
    expect(manifest.dependencies?.testcontainers).toBeUndefined();
    expect(manifest.peerDependencies?.testcontainers).toBeDefined();
    expect(manifest.peerDependenciesMeta?.testcontainers).toEqual({ optional: true });
  });

  it('runs without the optional testcontainers, and --target-image says in one line what it needs (exit 2)', async () => {
    const ran = await cli(['--target-image', 'any/image'], 'installed');
    expect((ran as { code?: number }).code).toBe(2);
    expect(ran.stderr).toMatch(/^socks-conformance: --target-image: .*npm install testcontainers@11\n$/);
  });
});
