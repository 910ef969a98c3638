import type { Trace } from '../../net/trace.js';

export interface QuietWatchOptions {
  /** How long nothing may happen before the case counts as quiet; asked again each time the watch re-arms. */
  readonly thresholdMs: () => number;
  /** The case went quiet: it has sent all it meant to for now and waits on a deadline, a timer or the target. */
  readonly onQuiet: () => void;
  /** A quiet case acted again (sent, received, connected, or a deadline of its own passed). */
  readonly onActive: () => void;
  /** The target's first octet after the case's last, this many ms later (see reply-times.ts). */
  readonly onReply: (ms: number) => void;
}

export interface QuietWatch {
  stop(): void;
}

/**
 * Watches one case's trace: calls `onQuiet` when nothing has been recorded for the threshold, and `onActive`
 * when a quiet case records anything again, as often as that happens. A case that sends, receives or connects,
 * even a byte at a time, is not quiet.
 */
export function watchQuiet(trace: Trace, options: QuietWatchOptions): QuietWatch {
  let timer: NodeJS.Timeout | undefined;
  let last = performance.now();
  let lastSent: number | undefined;
  let quiet = false;
  const check = () => {
    const idle = performance.now() - last;
    const threshold = options.thresholdMs();
    if (idle >= threshold) {
      timer = undefined;
      quiet = true;
      options.onQuiet();
    } else timer = setTimeout(check, threshold - idle);
  };
  trace.observer = (event, now) => {
    last = now;
    if (event.type === 'data' || event.type === 'datagram') {
      if (event.dir === 'sent') lastSent = now;
      else if (lastSent !== undefined) {
        options.onReply(now - lastSent);
        lastSent = undefined;
      }
    }
    if (quiet) {
      quiet = false;
      options.onActive();
      timer = setTimeout(check, options.thresholdMs());
    }
  };
  timer = setTimeout(check, options.thresholdMs());
  return {
    stop: () => {
      clearTimeout(timer);
      trace.observer = undefined;
    },
  };
}
