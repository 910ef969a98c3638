import { ExitCode } from '../harness/model/verdict.js';

/** A run that Ctrl-C or SIGTERM can end early: its report is still written, marked incomplete. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM; undefined while neither came. */
  exitCode(): number | undefined;
  /** Stops listening for the signals. */
  dispose(): void;
}

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const handlers = {
    SIGINT: () => end(ExitCode.INTERRUPTED),
    SIGTERM: () => end(ExitCode.TERMINATED),
  };
  const end = (exitCode: number) => {
    code ??= exitCode;
    controller.abort();
  };
  for (const [name, handler] of Object.entries(handlers)) process.once(name, handler);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => {
      for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    },
  };
}
