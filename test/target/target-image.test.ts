import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { ensureInstalled } from '../real/install.js';
import {
  buildHarnessImage,
  buildTargetImage,
  type DockerEngine,
  runBounded,
  startDockerEngine,
} from './docker-engine.js';

const cli = path.resolve('dist/cli/main.js');
/** The tests reach no image registry, so testcontainers' reaper image cannot be pulled: the harness removes its containers itself. */
const noReaper = { TESTCONTAINERS_RYUK_DISABLED: 'true' };
let engine: DockerEngine | undefined;
let image: string;
let harnessImage: string;

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
  harnessImage = await buildHarnessImage();
}, 1_200_000);

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

describe('the harness image (docker/harness.Dockerfile)', () => {
  it('runs as a user other than root, tests the reference server on the host network, writes its reports to a mounted folder', async () => {
    const reports = await mkdtemp(path.join(os.tmpdir(), 'socks-conformance-harness-image-'));
    // The image's own user (not root) writes there.
    await chmod(reports, 0o777);
    const server = await startReferenceServer();
    try {
      const target = `127.0.0.1:${server.port}`;
      const credentials = [
        '-e',
        `SOCKS_CONFORMANCE_USER=${referenceCredentials.username}`,
        '-e',
        `SOCKS_CONFORMANCE_PASSWORD=${referenceCredentials.password}`,
      ];
      const run = await runBounded(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'host',
          ...credentials,
          '-v',
          `${reports}:/reports`,
          harnessImage,
          '--target',
          target,
          '--out',
          '/reports',
        ],
        180_000,
      );
      expect(run.code, run.output).toBe(0);
      const written = await readdir(reports);
      expect(written.sort()).toEqual(
        [
          'socks-conformance.html',
          'socks-conformance.json',
          'socks-conformance.md',
          'socks-conformance.tap',
          'socks-conformance.xml',
        ].sort(),
      );
      const owner = (await stat(path.join(reports, 'socks-conformance.json'))).uid;
      expect(owner).not.toBe(0);
      const inImage = JSON.parse(
        await readFile(path.join(reports, 'socks-conformance.json'), 'utf8'),
      ) as RunDocument;
      expect(inImage.complete).toBe(true);
      const file = path.join(reports, 'checkout.json');
      const here = await runBounded(process.execPath, [cli, '--target', target, '--json', file], 120_000, {
        SOCKS_CONFORMANCE_USER: referenceCredentials.username,
        SOCKS_CONFORMANCE_PASSWORD: referenceCredentials.password,
      });
      expect(here.code, here.output).toBe(0);
      const checkout = JSON.parse(await readFile(file, 'utf8')) as RunDocument;
      const verdicts = (d: RunDocument) => Object.fromEntries(d.results.map((r) => [r.id, r.verdict]));
      expect(verdicts(inImage)).toEqual(verdicts(checkout));
      expect(inImage.summary.PASS).toBe(inImage.summary.total);
    } finally {
      await server.close();
      await rm(reports, { recursive: true, force: true });
    }
  }, 420_000);
});
