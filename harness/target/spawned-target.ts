import type { ChildProcess } from 'node:child_process';
import { formatEndpoint } from '../net/endpoint.js';
import { freeTcpPort } from '../net/free-port.js';
import { awaitExit, hasExited, keepTail, signalGroup, spawnGroup } from '../process/process-group.js';
import { commandArgv, type TargetCommand } from './command-line.js';
import { type StartedTarget, TargetStartError } from './target.js';
import { waitListening } from './wait-listening.js';

export interface SpawnOptions {
  /** The loopback address the command is told to listen on (`{host}`) and the harness connects to. */
  readonly host?: string;
  /** A fixed port; by default a free one is picked. */
  readonly port?: number;
  /** How long the command may take to accept connections, at each (re)start. */
  readonly readyMs?: number;
  /** How long SIGTERM has to end it before SIGKILL. */
  readonly stopMs?: number;
}

const OUTPUT_TAIL = 4000;

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

/**
 * A server the harness runs as its own child, in its own process group (no shell unless the command needs one):
 * started on a port it picked, watched for its death, restarted on the same port, stopped by its PID.
 */
class SpawnedTarget implements StartedTarget {
  readonly endpoint: { host: string; port: number };
  readonly description: string;
  readonly restartable = {
    death: () => this.#death,
    awaitDeath: (timeoutMs: number) => this.#awaitDeath(timeoutMs),
    restart: () => this.#start(),
  };
  #child: ChildProcess | undefined;
  #death: string | undefined;
  readonly #output = keepTail(OUTPUT_TAIL);
  readonly #command: TargetCommand;
  readonly #readyMs: number;
  readonly #stopMs: number;
  readonly #killOnExit = () => signalGroup(this.#child?.pid, 'SIGKILL');

  constructor(command: TargetCommand, host: string, port: number, options: SpawnOptions) {
    this.#command = command;
    this.endpoint = { host, port };
    this.description = command.text;
    this.#readyMs = options.readyMs ?? 10_000;
    this.#stopMs = options.stopMs ?? 3000;
  }

  output(): string {
    return this.#output.text().trim();
  }

  async #start(): Promise<void> {
    const { file, args } = commandArgv(this.#command, this.endpoint);
    const child = spawnGroup(file, args);
    this.#child = child;
    this.#death = undefined;
    child.stdout?.on('data', this.#output.add);
    child.stderr?.on('data', this.#output.add);
    child.on('error', (error) => {
      this.#death ??= `could not start: ${error.message}`;
    });
    child.on('exit', (code, signal) => {
      this.#death ??= describeExit(code, signal);
      // Whatever the leader left behind in its group goes with it.
      signalGroup(child.pid, 'SIGKILL');
    });
    process.off('exit', this.#killOnExit);
    process.once('exit', this.#killOnExit);
    const { host, port } = this.endpoint;
    if (await waitListening(host, port, this.#readyMs, () => this.#death !== undefined)) return;
    const why = this.#death
      ? `${this.#death} before listening`
      : `was not listening on ${formatEndpoint(this.endpoint)} within ${this.#readyMs} ms`;
    await this.stop();
    const output = this.output();
    throw new TargetStartError(
      `--target-cmd ${this.#command.text.trim().split(/\s+/)[0]}: ${why}${output ? `: ${output.split('\n').slice(-3).join(' | ')}` : ''}`,
    );
  }

  #awaitDeath(timeoutMs: number): Promise<string | undefined> {
    const child = this.#child;
    if (this.#death !== undefined || !child) return Promise.resolve(this.#death);
    return new Promise((resolve) => {
      // The death is recorded by the constructor's own 'exit' listener; this one only wakes the wait after it.
      const onExit = () => setImmediate(done);
      const done = () => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(this.#death);
      };
      const timer = setTimeout(done, timeoutMs);
      child.once('exit', onExit);
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    process.off('exit', this.#killOnExit);
    if (!child || hasExited(child)) {
      signalGroup(child?.pid, 'SIGKILL');
      return;
    }
    this.#death ??= 'stopped by the harness';
    signalGroup(child.pid, 'SIGTERM');
    if (await awaitExit(child, this.#stopMs)) return;
    signalGroup(child.pid, 'SIGKILL');
    if (!(await awaitExit(child, 2000)))
      throw new Error(`${this.description} (pid ${child.pid}) survived SIGKILL`);
  }

  static async start(command: TargetCommand, options: SpawnOptions): Promise<SpawnedTarget> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freeTcpPort(host));
    const target = new SpawnedTarget(command, host, port, options);
    await target.#start();
    return target;
  }
}

/** Picks a free port, starts `command` with it and resolves once the port accepts connections (bounded). */
export function startSpawnedTarget(
  command: TargetCommand,
  options: SpawnOptions = {},
): Promise<StartedTarget> {
  return SpawnedTarget.start(command, options);
}
