import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Kept between runs, so that the base image (about 45 s to debootstrap) and the target images are built once
 * per machine, not once per test run.
 */
export const dockerDir = '/var/tmp/socks-conformance-docker';
const socket = path.join(dockerDir, 'docker.sock');
export const dockerHost = `unix://${socket}`;

export interface Ran {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to completion or until `timeoutMs`, then kills its process group; keeps its last output. */
export function runBounded(
  file: string,
  args: readonly string[],
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, DOCKER_HOST: dockerHost, ...env },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function engineAnswers(): Promise<boolean> {
  return (await runBounded('docker', ['version', '--format', '{{.Server.Version}}'], 5000)).code === 0;
}

export interface DockerEngine {
  stop(): Promise<void>;
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts dockerd as a child of this process, in its own process group, on a socket of its own (an engine
 * already answering there is used as it is). No NAT and no forwarding: containers reach only this host.
 */
export async function startDockerEngine(dockerd: string): Promise<DockerEngine> {
  if (await engineAnswers()) return { stop: async () => {} };
  for (const dir of ['data', 'exec']) mkdirSync(path.join(dockerDir, dir), { recursive: true });
  const log = openSync(path.join(dockerDir, 'dockerd.log'), 'a');
  const child = spawn(
    dockerd,
    [
      '--data-root',
      path.join(dockerDir, 'data'),
      '--exec-root',
      path.join(dockerDir, 'exec'),
      '--pidfile',
      path.join(dockerDir, 'dockerd.pid'),
      '--ip-masq=false',
      '--ip-forward=false',
      '-H',
      dockerHost,
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  const stop = async () => {
    if (child.pid === undefined) return;
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {}
    if (await waitExit(child, 15_000)) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    await waitExit(child, 2000);
  };
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`dockerd exited (${child.exitCode}); see ${dockerDir}/dockerd.log`);
    if (await engineAnswers()) return { stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`dockerd did not answer on ${socket} within 30 s; see ${dockerDir}/dockerd.log`);
}

/** Builds the debootstrap base image once, then `docker/<name>.Dockerfile` as socks-conformance/<name>. */
export async function buildTargetImage(name: string): Promise<string> {
  const base = await runBounded('sh', ['docker/build-base-image.sh'], 300_000);
  if (base.code !== 0) throw new Error(`docker/build-base-image.sh failed:\n${base.output}`);
  const image = `socks-conformance/${name}`;
  const build = await runBounded(
    'docker',
    ['build', '-q', '--network', 'host', '-f', `docker/${name}.Dockerfile`, '-t', image, '.'],
    300_000,
  );
  if (build.code !== 0) throw new Error(`docker build ${image} failed:\n${build.output}`);
  return image;
}

/**
 * Builds docker/harness.Dockerfile as socks-conformance/harness on a Node base image made from this host's Node
 * (docker/node-from-host.sh), as no image registry is reachable from the tests.
 */
export async function buildHarnessImage(): Promise<string> {
  const base = await runBounded('sh', ['docker/node-from-host.sh'], 600_000);
  if (base.code !== 0) throw new Error(`docker/node-from-host.sh failed:\n${base.output}`);
  const image = 'socks-conformance/harness';
  const build = await runBounded(
    'docker',
    [
      'build',
      '-q',
      '--network',
      'host',
      '--build-arg',
      'BASE=socks-conformance/node:20',
      '-f',
      'docker/harness.Dockerfile',
      '-t',
      image,
      '.',
    ],
    600_000,
  );
  if (build.code !== 0) throw new Error(`docker build ${image} failed:\n${build.output}`);
  return image;
}
