import type { Endpoint } from '../net/endpoint.js';
import type { RestartableTarget } from './restartable.js';

/** The server under test, however it is reached: an address given, a process or a container started here. */
export interface StartedTarget {
  readonly endpoint: Endpoint;
  /** How the report and the re-run commands name it (`--target-cmd '…'`). */
  readonly description: string;
  /** Present when the harness started the target and can start it again after a crash. */
  readonly restartable?: RestartableTarget;
  /** The last few KiB of its output, for messages about a target that would not start. */
  output(): string;
  stop(): Promise<void>;
}

export class TargetStartError extends Error {}
