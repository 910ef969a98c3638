import { freeTcpPort } from '../net/free-port.js';
import { type StartedTarget, TargetStartError } from './target.js';

export interface ContainerOptions {
  readonly image: string;
  /** The port the SOCKS server listens on inside the container. */
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

/** testcontainers is loaded only for --target-image; its reaper image cannot be pulled here, so it is off. */
async function loadTestcontainers(): Promise<{ tc: Testcontainers; runtime: Runtime }> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const tc = await import('testcontainers');
  try {
    return { tc, runtime: await tc.getContainerRuntimeClient() };
  } catch (error) {
    throw new DockerUnavailableError(`no reachable Docker engine (${firstLine(error)})`);
  }
}

/**
 * A container started from `image` with its SOCKS port published on a fixed loopback port of this host (so a
 * restart keeps the address), waited on until the port listens, and stopped and removed by the harness.
 * The target reaches the harness's echo network at its network's gateway, an address of this host.
 */
export async function startContainerTarget(options: ContainerOptions): Promise<StartedTarget> {
  const { tc, runtime } = await loadTestcontainers();
  const hostPort = await freeTcpPort('127.0.0.1');
  const startupMs = options.startupMs ?? 60_000;
  let container: Awaited<ReturnType<InstanceType<Testcontainers['GenericContainer']>['start']>>;
  try {
    container = await new tc.GenericContainer(options.image)
      .withExposedPorts({ container: options.port, host: hostPort })
      .withWaitStrategy(tc.Wait.forListeningPorts())
      .withStartupTimeout(startupMs)
      .start();
  } catch (error) {
    throw new TargetStartError(`--target-image ${options.image}: ${firstLine(error)}`);
  }
  const handle = runtime.container.getById(container.getId());
  const inspect = () => runtime.container.inspect(handle);
  const info = await inspect();
  const networks = Object.values(info.NetworkSettings.Networks ?? {});
  const echoHost = networks[0]?.Gateway || '127.0.0.1';
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
  return {
    endpoint: { host: '127.0.0.1', port: hostPort },
    description: `${options.image} (container ${container.getId().slice(0, 12)}, port ${options.port})`,
    echoHost,
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
