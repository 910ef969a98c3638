import type { Endpoint } from '../net/endpoint.js';
import type { Fault } from '../reference/faults.js';
import type { RestartableTarget } from './restartable.js';

/** How the server under test is reached or started; without one, a run tests the built-in reference server. */
export type TargetSpec =
  /** A server someone else runs (`--target`). */
  | { readonly kind: 'address'; readonly endpoint: Endpoint }
  /** A command the harness starts, with `{port}` (`--target-cmd`). */
  | { readonly kind: 'command'; readonly command: string }
  /** A container image the harness starts on the host's network (`--target-image`). */
  | { readonly kind: 'image'; readonly image: string; readonly port: number }
  /** The built-in reference server, with faults switched on (a mutant) or none. */
  | { readonly kind: 'reference'; readonly faults: readonly Fault[] }
  /** A target the caller started itself (the project's tests start real servers so). */
  | { readonly kind: 'started'; readonly target: StartedTarget };

/** An RFC 1929 account of the built-in reference server. */
export type Account = { readonly username: string; readonly password: string };

/** The server under test, however it is reached: an address given, a process or a container started here. */
export interface StartedTarget {
  readonly endpoint: Endpoint;
  /** How the report and the console name it (`--target-cmd '…'`, `built-in reference server`). */
  readonly description: string;
  /** Set for the built-in reference server, whose own account the run uses unless given credentials. */
  readonly reference?: { readonly credentials: Account };
  /** Present when the harness started the target and can start it again after a crash. */
  readonly restartable?: RestartableTarget;
  /** For the built-in reference server: a fresh one on the same address (the fuzzer's way back from a crash). */
  renew?(): Promise<void>;
  /** The last few KiB of its output, for messages about a target that would not start. */
  output(): string;
  stop(): Promise<void>;
}

export class TargetStartError extends Error {}
