import type { CaseResult } from '../model/result.js';
import { formatResultLine } from './console.js';

/** How the console may draw: decided once per run from the stream, the flags and the environment. */
export interface ConsoleStyle {
  /** A status line kept at the bottom and rewritten after each case: only on a terminal. */
  readonly live: boolean;
  /** Verdicts in colour. */
  readonly colour: boolean;
  /** Only the summary line: no line per case. */
  readonly quiet: boolean;
}

export interface ProgressOptions {
  /** Cases selected for the run. */
  readonly total: number;
  readonly style: ConsoleStyle;
  readonly write: (text: string) => void;
}

const colours: Record<string, string> = {
  PASS: '32',
  FAIL: '31',
  ERROR: '35',
  WARN: '33',
  INFO: '36',
};

export const clearLine = '\r\x1b[2K';

/** `text` in the colour of `verdict` when the style allows colour. */
export function inColour(text: string, verdict: CaseResult['verdict'], colour: boolean): string {
  const code = colour ? colours[verdict] : undefined;
  return code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

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
    const { live, colour, quiet } = this.options.style;
    if (quiet) return;
    const line = formatResultLine(result);
    const shown = `${inColour(line.slice(0, 11), result.verdict, colour)}${line.slice(11)}`;
    this.options.write(live ? `${clearLine}${shown}\n${this.status()}` : `${shown}\n`);
  }

  status(): string {
    const failures = `${this.failing} FAIL${this.errors > 0 ? `, ${this.errors} ERROR` : ''}`;
    return `  ${this.done}/${this.options.total} cases done · ${failures} so far`;
  }

  /** Removes the status line before the summary is printed. */
  finish(): void {
    if (this.options.style.live && !this.options.style.quiet) this.options.write(clearLine);
  }
}

const set = (value: string | undefined) => value !== undefined && value !== '';

/**
 * A live status line only on a terminal without --ci, --quiet or NO_COLOR. Colour follows FORCE_COLOR when it is
 * set (`0` or `false` switch it off, anything else on, terminal or not), else NO_COLOR, else the terminal.
 */
export function consoleStyle(
  isTty: boolean | undefined,
  flags: { readonly ci?: boolean; readonly quiet?: boolean },
  env: NodeJS.ProcessEnv,
): ConsoleStyle {
  const plain = !isTty || flags.ci === true || set(env.NO_COLOR);
  const forced = env.FORCE_COLOR;
  const colour = forced !== undefined ? !['0', 'false'].includes(forced.toLowerCase()) : !plain;
  return { live: !plain && flags.quiet !== true, colour, quiet: flags.quiet === true };
}
