import { type StartedTarget, TargetStartError } from './target.js';
import { waitListening } from './wait-listening.js';

export interface ContainerOptions {
  readonly image: string;
  /** The port the SOCKS server in the image listens on (on this host's loopback: host networking). */
  readonly port: number;
  /** How long the container may take to start and listen. */
  readonly startupMs?: number;
}

/** No Docker engine answers (no socket, no permission): the CLI says so in one line and exits 2. */
export class DockerUnavailableError extends Error {}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

type Testcontainers = typeof import('testcontainers');
type Runtime = Awaited<ReturnType<Testcontainers['getContainerRuntimeClient']>>;

/** The optional package testcontainers is not installed beside the harness. */
export class TestcontainersMissingError extends Error {}

/**
 * testcontainers is an optional peer dependency, loaded only for --target-image. Its container reaper stays on
 * unless the user switches it off (TESTCONTAINERS_RYUK_DISABLED=true, for a machine that cannot pull its image).
 */
async function loadTestcontainers(): Promise<{ tc: Testcontainers; runtime: Runtime }> {
  let tc: Testcontainers;
  try {
    tc = await import('testcontainers');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new TestcontainersMissingError(
      'it uses the optional package testcontainers 11, which is not installed: npm install testcontainers@11',
    );
  }
  try {
    return { tc, runtime: await tc.getContainerRuntimeClient() };
  } catch (error) {
    throw new DockerUnavailableError(`no reachable Docker engine (${firstLine(error)})`);
  }
}

/**
 * A container started from `image` on this host's network (Docker's host networking), waited on until its port
 * accepts on 127.0.0.1, and stopped and removed by the harness. Host networking, because the cases assume the
 * target shares the harness's loopback: the echo network, ::1, the name localhost, the second source address
 * and UDP datagrams from the address the TCP connection came from. Behind a published port a container would
 * see docker-proxy's address instead, and fail UDP cases for reasons of the setup, not of the server.
 */
export async function startContainerTarget(options: ContainerOptions): Promise<StartedTarget> {
  const { tc, runtime } = await loadTestcontainers();
  const startupMs = options.startupMs ?? 60_000;
  let container: Awaited<ReturnType<InstanceType<Testcontainers['GenericContainer']>['start']>>;
  try {
    container = await new tc.GenericContainer(options.image)
      .withNetworkMode('host')
      .withStartupTimeout(startupMs)
      .start();
  } catch (error) {
    throw new TargetStartError(`--target-image ${options.image}: ${firstLine(error)}`);
  }
  const handle = runtime.container.getById(container.getId());
  const inspect = () => runtime.container.inspect(handle);
  let death: string | undefined;
  let stopped = false;
  const check = async (): Promise<string | undefined> => {
    try {
      const { State } = await inspect();
      if (!State.Running)
        death ??= State.OOMKilled ? 'killed: out of memory' : `exited with code ${State.ExitCode}`;
    } catch (error) {
      death ??= `gone: ${firstLine(error)}`;
    }
    return death;
  };
  const listening = async () => {
    // A container that exits while we wait is noticed by inspecting it, a few times a second.
    const watch = setInterval(() => void check(), 250);
    try {
      return await waitListening('127.0.0.1', options.port, startupMs, () => death !== undefined);
    } finally {
      clearInterval(watch);
    }
  };
  if (!(await listening())) {
    await container.stop({ timeout: 1000, remove: true });
    const why = death ? `${death} before listening` : `not listening on 127.0.0.1:${options.port}`;
    throw new TargetStartError(`--target-image ${options.image}: ${why} within ${startupMs} ms`);
  }
  return {
    endpoint: { host: '127.0.0.1', port: options.port },
    description: `${options.image} (container ${container.getId().slice(0, 12)}, port ${options.port})`,
    restartable: {
      death: () => death,
      async awaitDeath(timeoutMs: number) {
        const deadline = performance.now() + timeoutMs;
        while ((await check()) === undefined && performance.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100));
        return death;
      },
      async restart() {
        await container.restart();
        death = undefined;
        if (!(await listening()))
          throw new TargetStartError(
            `${options.image} not listening on 127.0.0.1:${options.port} after a restart`,
          );
      },
    },
    output: () => '',
    async stop() {
      if (stopped) return;
      stopped = true;
      await container.stop({ timeout: 3000, remove: true });
    },
  };
}
