import type { CaseResult } from '../model/result.js';
import { formatResultLine } from './console.js';

export interface ProgressOptions {
  /** Cases selected for the run. */
  readonly total: number;
  /** A live status line and colour: on a terminal, unless NO_COLOR or --ci says otherwise. */
  readonly live: boolean;
  readonly write: (text: string) => void;
}

const colours: Record<string, string> = {
  PASS: '32',
  FAIL: '31',
  ERROR: '35',
  WARN: '33',
  INFO: '36',
};

const clearLine = '\r\x1b[2K';

/**
 * The console while cases run: one line per case; on a terminal also a status line kept at the bottom (cases
 * done of total, failures so far), rewritten after each case.
 */
export class Progress {
  private done = 0;
  private failing = 0;
  private errors = 0;

  constructor(private readonly options: ProgressOptions) {}

  result(result: CaseResult): void {
    this.done += 1;
    if (result.verdict === 'FAIL') this.failing += 1;
    if (result.verdict === 'ERROR') this.errors += 1;
    const line = formatResultLine(result);
    if (!this.options.live) {
      this.options.write(`${line}\n`);
      return;
    }
    const colour = colours[result.verdict];
    const shown = colour ? `\x1b[${colour}m${line.slice(0, 11)}\x1b[0m${line.slice(11)}` : line;
    this.options.write(`${clearLine}${shown}\n${this.status()}`);
  }

  status(): string {
    const failures = `${this.failing} FAIL${this.errors > 0 ? `, ${this.errors} ERROR` : ''}`;
    return `  ${this.done}/${this.options.total} cases done · ${failures} so far`;
  }

  /** Removes the status line before the summary is printed. */
  finish(): void {
    if (this.options.live) this.options.write(clearLine);
  }
}

/** Whether the console may draw a live status line: a terminal, no NO_COLOR, no --ci. */
export function liveConsole(isTty: boolean | undefined, ci: boolean, env: NodeJS.ProcessEnv): boolean {
  return Boolean(isTty) && !ci && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
