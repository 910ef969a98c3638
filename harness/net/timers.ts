const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A delay Node's timers accept: negative or NaN becomes 0, too long or infinite becomes the longest timer. */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(Math.max(0, ms), LONGEST_TIMER_MS);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, clampDelay(ms)));
}

export interface Deadline {
  clear(): void;
}

/**
 * Calls `expire` `ms` from now, but only after the I/O already waiting has been delivered. A timer that fires
 * late because the event loop was busy runs before that turn's I/O; data that arrived in time would otherwise be
 * judged missing on a loaded machine.
 */
export function deadline(ms: number, expire: () => void): Deadline {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(expire);
  }, clampDelay(ms));
  return {
    clear: () => {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
