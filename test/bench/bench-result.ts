/** What `npm run bench` records of one target (reports/bench.json keeps it whole). */
export interface TargetResult {
  readonly target: string;
  readonly endpoint: string;
  /** A hostile server of fixtures/hostile: only the full suite is measured. */
  readonly hostile: boolean;
  /** The fuzz/raw goal applies (the reference server and Dante). */
  readonly fuzzGoal: boolean;
  readonly suite: {
    readonly cases: number;
    /** `132 PASS, 6 FAIL, …` */
    readonly verdicts: string;
    /** The run as its JSON report times it (the cases, their probes and scheduling). */
    readonly wallMs: number;
    /** The child process from start to exit (set-up and capability probes included). */
    readonly processWallMs: number;
    /** The longest single case of the run, and its id. */
    readonly floorMs: number;
    readonly floorCase: string;
    readonly caseMsSum: number;
    readonly wallOverFloor: number;
    readonly peakKiB: number;
    /** The most connections the harness held open to the target at once (hostile targets count them). */
    readonly peakConnections?: number;
  };
  /** Connect, greeting, METHOD selection, close, as many as fit in the time, `concurrency` at once. */
  readonly bare?: {
    readonly exchanges: number;
    readonly seconds: number;
    readonly concurrency: number;
    readonly perSecond: number;
  };
  /**
   * The campaign's search (fuzz-child.ts; a finding ends it), `rounds` times in turn with the raw replay: `cases`
   * of one round, the rest added up over the rounds; `peakKiB` the most of any round.
   */
  readonly fuzz?: {
    readonly rounds: number;
    readonly cases: number;
    readonly sent: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly cpuMs: number;
    readonly cpuMsPerCase: number;
    readonly peakKiB: number;
    readonly finding?: string;
    readonly byRound: readonly {
      readonly cases: number;
      readonly sent: number;
      readonly seconds: number;
      readonly perSecond: number;
      readonly cpuMs: number;
      readonly peakKiB: number;
    }[];
  };
  /** The runs each round's search made, sent raw (raw-replay.ts) after it. */
  readonly raw?: {
    readonly sent: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly cpuMs: number;
    readonly cpuMsPerCase: number;
    readonly byRound: readonly {
      readonly sent: number;
      readonly seconds: number;
      readonly perSecond: number;
      readonly cpuMs: number;
    }[];
  };
  /** Fuzz cases per second over raw inputs per second; absent when the search was too short to be a rate. */
  readonly fuzzOverRaw?: number;
  readonly fuzzOverBare?: number;
  readonly rawOverBare?: number;
}
