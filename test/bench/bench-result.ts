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
   * The campaign's search (fuzz-child.ts), in `rounds` shards taking turns with the raw replay; a finding ends a
   * shard. `peakKiB` and `whole`: the whole campaign once more, in one process.
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
    readonly whole: {
      readonly cases: number;
      readonly sent: number;
      readonly seconds: number;
      readonly perSecond: number;
      readonly finding?: string;
    };
  };
  /** The same runs as the search, sent raw (raw-replay.ts) in the same rounds. */
  readonly raw?: {
    readonly sent: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly cpuMs: number;
    readonly cpuMsPerCase: number;
  };
  /** Fuzz cases per second over raw inputs per second; absent when the search was too short to be a rate. */
  readonly fuzzOverRaw?: number;
  readonly fuzzOverBare?: number;
  readonly rawOverBare?: number;
}
