/**
 * Fuzz progress as the console style allows: one updating line on a terminal, a plain line every few seconds
 * otherwise, nothing with --quiet; then the summary line.
 */
import { type ConsoleStyle, clearLine, inColour } from './progress.js';

export interface FuzzCounts {
  readonly cases: number;
  /** Cases whose input was not sent because a reading of it could leave loopback. */
  readonly skipped?: number;
  readonly shrinks: number;
  /** Distinct findings. */
  readonly findings: number;
  /** Search inputs that hit one of them. */
  readonly hits?: number;
  readonly startedMs: number;
}

const LIVE_EVERY_MS = 200;
const PLAIN_EVERY_MS = 5000;

export function rateOf(counts: FuzzCounts, now = performance.now()): number {
  const seconds = (now - counts.startedMs) / 1000;
  return seconds > 0 ? counts.cases / seconds : 0;
}

function line(counts: FuzzCounts): string {
  const shrinking = counts.shrinks > 0 ? `, shrinking (${counts.shrinks} steps)` : '';
  return `fuzz: ${counts.cases} cases, ${rateOf(counts).toFixed(0)} cases/s, ${distinctFindings(counts)}${shrinking}`;
}

/** `3 distinct findings; 41 inputs hit them` (`0 distinct findings`). */
export function distinctFindings(counts: Pick<FuzzCounts, 'findings' | 'hits'>): string {
  const found = `${counts.findings} distinct finding${counts.findings === 1 ? '' : 's'}`;
  if (counts.findings === 0) return found;
  const hits = counts.hits ?? counts.findings;
  return `${found}; ${hits} input${hits === 1 ? '' : 's'} hit ${counts.findings === 1 ? 'it' : 'them'}`;
}

/** The progress of a campaign that starts now: the first line comes one interval in, the next each interval. */
export function progressReporter(
  style: ConsoleStyle,
  write: (text: string) => void,
  clock: () => number = () => performance.now(),
): {
  update(counts: FuzzCounts): void;
  done(): void;
} {
  let lastAt = clock();
  let drawn = false;
  return {
    update(counts) {
      if (style.quiet) return;
      const now = clock();
      if (now - lastAt < (style.live ? LIVE_EVERY_MS : PLAIN_EVERY_MS)) return;
      lastAt = now;
      if (style.live) {
        write(`${clearLine}${line(counts)}`);
        drawn = true;
      } else write(`${line(counts)}\n`);
    },
    done() {
      if (drawn) write(clearLine);
      drawn = false;
    },
  };
}

export interface SummaryOptions {
  /** The verdict words in colour. */
  readonly colour?: boolean;
  /** The campaign ended before its budget did (Ctrl-C, SIGTERM). */
  readonly interrupted?: boolean;
  /** A client campaign whose client never connected in any case: no finding means nothing then. */
  readonly neverConnected?: boolean;
}

export function formatFuzzSummary(
  counts: FuzzCounts,
  options: SummaryOptions = {},
  now = performance.now(),
): string {
  const seconds = (now - counts.startedMs) / 1000;
  const verdict =
    counts.findings > 0
      ? inColour(distinctFindings(counts), 'FAIL', options.colour === true)
      : options.neverConnected
        ? inColour('the client never connected', 'ERROR', options.colour === true)
        : inColour('no finding', 'PASS', options.colour === true);
  const skipped = counts.skipped ? `, ${counts.skipped} not sent (a reading could leave loopback)` : '';
  const interrupted = options.interrupted ? 'interrupted after ' : '';
  return `fuzz: ${interrupted}${counts.cases} cases in ${seconds.toFixed(1)} s (${rateOf(counts, now).toFixed(0)} cases/s)${skipped}, ${verdict}`;
}
