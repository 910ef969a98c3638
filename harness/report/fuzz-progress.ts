/** Fuzz progress: one updating line on a TTY, a plain line every few seconds otherwise, and the summary. */
export interface FuzzCounts {
  readonly cases: number;
  /** Cases whose input was not sent because a reading of it could leave loopback. */
  readonly skipped?: number;
  readonly shrinks: number;
  readonly findings: number;
  readonly startedMs: number;
}

const TTY_EVERY_MS = 200;
const PLAIN_EVERY_MS = 5000;

export function rateOf(counts: FuzzCounts, now = performance.now()): number {
  const seconds = (now - counts.startedMs) / 1000;
  return seconds > 0 ? counts.cases / seconds : 0;
}

function line(counts: FuzzCounts): string {
  const shrinking = counts.shrinks > 0 ? `, shrinking (${counts.shrinks} steps)` : '';
  return `fuzz: ${counts.cases} cases, ${rateOf(counts).toFixed(0)} cases/s, ${counts.findings} findings${shrinking}`;
}

export function progressReporter(stream: NodeJS.WriteStream): {
  update(counts: FuzzCounts): void;
  done(): void;
} {
  const tty = stream.isTTY === true;
  let lastAt = 0;
  let drawn = false;
  return {
    update(counts) {
      const now = performance.now();
      if (now - lastAt < (tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      lastAt = now;
      if (tty) {
        stream.write(`\r\x1b[2K${line(counts)}`);
        drawn = true;
      } else stream.write(`${line(counts)}\n`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function formatFuzzSummary(counts: FuzzCounts, now = performance.now()): string {
  const seconds = (now - counts.startedMs) / 1000;
  const verdict = counts.findings > 0 ? `${counts.findings} finding` : 'no finding';
  const skipped = counts.skipped ? `, ${counts.skipped} not sent (a reading could leave loopback)` : '';
  return `fuzz: ${counts.cases} cases in ${seconds.toFixed(1)} s (${rateOf(counts, now).toFixed(0)} cases/s)${skipped}, ${verdict}`;
}
