import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/runner/result.js';
import { ensureInstalled } from '../real/install.js';
import { buildTargetImage, type DockerEngine, runBounded, startDockerEngine } from './docker-engine.js';

const cli = path.resolve('dist/cli/main.js');
/** The tests reach no image registry, so testcontainers' reaper image cannot be pulled: the harness removes its containers itself. */
const noReaper = { TESTCONTAINERS_RYUK_DISABLED: 'true' };
let engine: DockerEngine | undefined;
let image: string;

// First run on a machine: apt-get, debootstrap (about 45 s) and the image build; later runs reuse the images.
beforeAll(async () => {
  const binaries = await ensureInstalled(
    [
      { name: 'docker.io', binary: 'dockerd' },
      { name: 'docker.io', binary: 'docker' },
      { name: 'debootstrap', binary: 'debootstrap' },
    ],
    300_000,
  );
  engine = await startDockerEngine(binaries.dockerd!);
  image = await buildTargetImage('microsocks');
}, 900_000);

afterAll(async () => {
  await engine?.stop();
}, 30_000);

describe('socks-conformance --target-image', () => {
  // On host networking the same microsocks binary must earn the verdicts it earns started on loopback.
  it('starts the microsocks image, runs the suite, matches microsocks on loopback, and removes the container', async () => {
    const file = path.join(os.tmpdir(), `socks-conformance-image-${process.pid}.json`);
    const run = await runBounded(
      process.execPath,
      [cli, '--target-image', image, '--target-port', '1080', '--json', file],
      120_000,
      noReaper,
    );
    expect(run.code, run.output).toBe(1);
    const document = JSON.parse(await readFile(file, 'utf8')) as RunDocument;
    expect(document.complete).toBe(true);
    const loopback = JSON.parse(await readFile('fixtures/expectations/microsocks.json', 'utf8')) as {
      cases: Record<string, { verdict: string; reason?: string }>;
    };
    // Cases newer than the expectations file, or with a verdict not yet reviewed, are the real-server test's.
    const settled = (id: string) =>
      loopback.cases[id] && !loopback.cases[id]?.reason?.startsWith('UNREVIEWED');
    const compared = document.results.filter((r) => settled(r.id));
    expect(compared.length).toBeGreaterThan(100);
    const differing = compared
      .filter((r) => r.verdict !== loopback.cases[r.id]?.verdict)
      .map((r) => `${r.id}: ${r.verdict} (${r.observed})`);
    expect(differing).toEqual([]);
    const left = await runBounded('docker', ['ps', '-aq', '--filter', `ancestor=${image}`], 10_000);
    expect(left.output.trim()).toBe('');
  }, 150_000);

  it('says in one line that no Docker engine answers, and exits 2', async () => {
    const run = await runBounded(process.execPath, [cli, '--target-image', image], 30_000, {
      ...noReaper,
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(
      /^socks-conformance: --target-image needs Docker: no reachable Docker engine .*\n$/,
    );
  });
});
