import type { Trace } from '../../net/trace.js';

export interface QuietWatch {
  stop(): void;
}

/**
 * Calls `onQuiet` once, when nothing has gone to `trace` for `quietMs`: the case has sent all it meant to send
 * for now and waits on a deadline or a timer (a silent target, a close that does not come, a reassembly timer).
 * A case that sends, receives or connects, even a byte at a time, is not quiet.
 */
export function watchQuiet(trace: Trace, quietMs: number, onQuiet: () => void): QuietWatch {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const idle = performance.now() - trace.lastRecorded;
    if (idle >= quietMs) {
      timer = undefined;
      onQuiet();
    } else timer = setTimeout(check, quietMs - idle);
  };
  timer = setTimeout(check, quietMs);
  return { stop: () => clearTimeout(timer) };
}
