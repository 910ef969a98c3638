import { type ConsoleStyle, consoleStyle, Progress } from '../harness/report/progress.js';
import { STDOUT } from '../harness/report/write-reports.js';

export interface ConsoleFlags {
  readonly ci?: boolean;
  readonly quiet?: boolean;
  readonly json?: string | boolean;
}

/** What a command prints for people, and where: stdout, or stderr when stdout carries the JSON report. */
export interface ConsoleOutput {
  readonly style: ConsoleStyle;
  /** A line shown unless --quiet. */
  say(text: string): void;
  /** A line shown even with --quiet: the summary, a warning. */
  always(text: string): void;
  /** Text as it is, on the same stream: a live status line that the style allows. */
  write(text: string): void;
  progress(total: number): Progress;
}

export function consoleOutput(flags: ConsoleFlags, env: NodeJS.ProcessEnv = process.env): ConsoleOutput {
  const stream = flags.json === STDOUT ? process.stderr : process.stdout;
  const style = consoleStyle(stream.isTTY, flags, env);
  const write = (text: string) => stream.write(text);
  return {
    style,
    say: (text) => {
      if (!style.quiet) write(`${text}\n`);
    },
    always: (text) => write(`${text}\n`),
    write,
    progress: (total) => new Progress({ total, style, write }),
  };
}
