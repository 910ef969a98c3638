/**
 * A target the harness started itself (`--target-cmd`, `--target-image`), which it can watch and start again on
 * the same address. The scheduler uses it to go on after a crash, failing the case that caused it.
 */
export interface RestartableTarget {
  /** Why the target's process is gone (`killed by SIGSEGV`, `exited with code 1`); undefined while it runs. */
  death(): string | undefined;
  /** Waits at most `timeoutMs` for the process to end (a crash is noticed a moment after the case ends). */
  awaitDeath(timeoutMs: number): Promise<string | undefined>;
  /** Starts it again on the same address; rejects if it does not accept connections within its bound. */
  restart(): Promise<void>;
}
