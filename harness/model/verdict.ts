export const verdicts = ['PASS', 'FAIL', 'WARN', 'INFO', 'UNSUPPORTED', 'SKIP', 'ERROR'] as const;
export type Verdict = (typeof verdicts)[number];

/** Which verdict wins when a case makes several checks: the worst one. */
const severity: Record<Verdict, number> = {
  PASS: 0,
  SKIP: 1,
  INFO: 2,
  UNSUPPORTED: 3,
  WARN: 4,
  FAIL: 5,
  ERROR: 6,
};

export function worst(list: readonly Verdict[]): Verdict {
  return list.reduce<Verdict>((a, b) => (severity[b] > severity[a] ? b : a), 'PASS');
}

/** `--strict` turns a violated SHOULD into a failure. */
export function applyStrict(verdict: Verdict, strict: boolean): Verdict {
  return strict && verdict === 'WARN' ? 'FAIL' : verdict;
}

export const ExitCode = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  TARGET_UNREACHABLE: 3,
  INTERNAL: 4,
  /** Ended by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  INTERRUPTED: 130,
  /** Ended by SIGTERM: 128 + 15. */
  TERMINATED: 143,
} as const;
