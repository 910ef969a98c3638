const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A delay Node's timers accept: negative or NaN becomes 0, too long or infinite becomes the longest timer. */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(Math.max(0, ms), LONGEST_TIMER_MS);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, clampDelay(ms)));
}
