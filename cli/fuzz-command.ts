import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CampaignFinding } from '../harness/engine/fuzz/fuzz-campaign.js';
import { parseShard, type Shard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { type Endpoint, formatEndpoint } from '../harness/net/endpoint.js';
import { formatTrace } from '../harness/net/hexdump.js';
import type { Trace } from '../harness/net/trace.js';
import { sanityProbe } from '../harness/probes/sanity.js';
import {
  annotatedTrace,
  FINDING_SCHEMA,
  type FuzzFindingRecord,
  formatFinding,
  sentHex,
  writeFinding,
} from '../harness/report/fuzz-finding.js';
import { formatFuzzSummary, progressReporter } from '../harness/report/fuzz-progress.js';
import { FUZZ_REPORT_SCHEMA, type FuzzReport } from '../harness/report/fuzz-report.js';
import { prepareFolder, writeWhole } from '../harness/report/write-file.js';
import type { RestartableTarget } from '../harness/target/restartable.js';
import { toolVersion } from '../harness/version.js';
import type { FuzzInput, FuzzVersion } from '../suites/fuzz/input.js';
import { checkFuzzInput } from '../suites/fuzz/input-check.js';
import { fuzzServer, replayServerInput, type ServerFuzzOptions } from './fuzz-server.js';
import { parseFaults, parsePositiveInteger, parsePositiveNumber, parseTarget } from './parse-options.js';
import { startTarget } from './target-options.js';
import { UsageError } from './usage-error.js';

export interface FuzzFlags {
  target?: string;
  targetCmd?: string;
  runs?: string;
  time?: string;
  seed?: string;
  version: string[];
  out: string;
  replay?: string;
  referenceFault: string[];
  timeoutMultiplier: string;
  user?: string;
  password?: string;
  jobs: string;
  shard?: string;
  json?: string;
}

const versionNames: readonly FuzzVersion[] = ['5', '4', '4a'];

export function parseVersions(values: readonly string[]): FuzzVersion[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase());
  for (const name of names)
    if (!(versionNames as readonly string[]).includes(name))
      throw new UsageError(`--version ${JSON.stringify(name)}: one of 4, 4a, 5`);
  return names.length > 0 ? [...new Set(names as FuzzVersion[])] : [...versionNames];
}

/** `60s`, `2m`, `500ms`, or a plain number of seconds. */
export function parseDuration(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match)
    throw new UsageError(`--time must be a duration such as 60s, 2m or 500ms, not ${JSON.stringify(text)}`);
  const value = Number(match[1]);
  const ms = match[2] === 'ms' ? value : match[2] === 'm' ? value * 60_000 : value * 1000;
  if (ms <= 0) throw new UsageError('--time must be more than 0');
  return ms;
}

export function parseSeed(text: string | undefined): number {
  if (text === undefined) return randomInt(0, 2 ** 31 - 1);
  const value = Number(text);
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new UsageError(`--seed must be a 32-bit integer, not ${JSON.stringify(text)}`);
  return value;
}

function credentialsOf(flags: FuzzFlags) {
  const username = flags.user ?? process.env.SOCKS_CONFORMANCE_USER;
  const password = flags.password ?? process.env.SOCKS_CONFORMANCE_PASSWORD;
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}

async function readFinding(file: string): Promise<{ record: Partial<FuzzFindingRecord>; input: FuzzInput }> {
  let record: Partial<FuzzFindingRecord>;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as Partial<FuzzFindingRecord>;
  } catch (error) {
    throw new UsageError(`--replay ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (record?.type !== 'fuzz-finding') throw new UsageError(`--replay ${file}: not a fuzz finding file`);
  const checked = checkFuzzInput(record.input);
  if (!checked.ok) throw new UsageError(`--replay ${file}: ${checked.reason}`);
  return { record, input: checked.input };
}

async function replay(flags: FuzzFlags, file: string): Promise<number> {
  const { record, input } = await readFinding(file);
  const explicit = flags.target ? parseTarget(flags.target) : undefined;
  // A finding on a target the harness started is replayed on a new start of the same command.
  const command = explicit ? undefined : record.targetCommand;
  const started = await startTarget({ ...(command ? { targetCmd: command } : {}), referenceFault: [] });
  if (started.kind === 'failed') return started.exitCode;
  try {
    const recorded =
      !command && record.target && record.target !== 'reference' ? parseTarget(record.target) : undefined;
    const target = explicit ?? started.target?.endpoint ?? recorded;
    const faults = target
      ? new Set<never>()
      : parseFaults([...(record.referenceFaults ?? []), ...flags.referenceFault]);
    const where = target ? formatEndpoint(target) : 'the built-in reference server';
    process.stdout.write(`socks-conformance ${toolVersion}: replaying ${file} against ${where}\n`);
    const outcome = await replayServerInput(input, {
      ...(target ? { target } : { faults }),
      ...(started.target?.restartable ? { restartable: started.target.restartable } : {}),
      timeoutMultiplier: parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier),
      ...(credentialsOf(flags) ? { credentials: credentialsOf(flags)! } : {}),
    });
    process.stdout.write(`trace:\n${formatTrace(annotatedTrace(outcome.trace)).replace(/^/gm, '  ')}\n`);
    if (!outcome.reproduced) {
      process.stdout.write(
        `not reproduced: no violation, and the target still answers (recorded: ${record.clause}: ${record.what})\n`,
      );
      return ExitCode.OK;
    }
    process.stdout.write(`reproduced: ${outcome.clause}: ${outcome.what}\n`);
    return ExitCode.FAILED;
  } finally {
    await started.target?.stop();
  }
}

function recordOf(
  finding: CampaignFinding<FuzzInput, Trace>,
  context: {
    target: string;
    targetCommand?: string;
    faults: readonly string[];
    versions: readonly string[];
    seed: number;
    cases: number;
    shard: Shard | undefined;
    targetGone: boolean;
  },
): FuzzFindingRecord {
  const trace = annotatedTrace(finding.detail);
  return {
    tool: 'socks-conformance',
    type: 'fuzz-finding',
    schema: FINDING_SCHEMA,
    toolVersion,
    createdAt: new Date().toISOString(),
    role: 'server',
    target: context.target,
    ...(context.targetCommand !== undefined ? { targetCommand: context.targetCommand } : {}),
    referenceFaults: context.faults,
    versions: context.versions,
    seed: context.seed,
    ...(context.shard ? { shard: context.shard } : {}),
    path: finding.path,
    casesRun: context.cases,
    shrinks: finding.shrinks,
    kind: finding.kind,
    clause: finding.clause,
    what:
      finding.onlyConcurrent === undefined
        ? finding.what
        : context.targetGone
          ? `${finding.what} (seen with ${finding.onlyConcurrent} cases at once; the target did not come back to replay them alone, so this input may only have seen another's crash: --jobs 1 names it)`
          : `${finding.what} (seen with ${finding.onlyConcurrent} cases at once; none of them failed again alone)`,
    input: finding.input,
    sent: sentHex(trace),
    trace,
  };
}

/** Exit code of a run ended by Ctrl-C or SIGTERM, as for the suite. */
const INTERRUPTED = 130;

export async function fuzzCommand(flags: FuzzFlags): Promise<number> {
  if (flags.runs !== undefined && flags.time !== undefined)
    throw new UsageError('--runs and --time exclude each other');
  parseFaults(flags.referenceFault);
  const address = flags.target ? parseTarget(flags.target) : undefined;
  parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier);
  parsePositiveInteger('--jobs', flags.jobs);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  if (shard && flags.seed === undefined)
    throw new UsageError('--shard needs --seed: every shard must search the same campaign');
  if (flags.json !== undefined) {
    if (flags.json.trim() === '') throw new UsageError('--json needs a file name');
    await prepareFolder(flags.json).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--json ${flags.json}: ${error.code ?? error.message}`);
    });
  }
  if (flags.replay !== undefined) {
    if (shard || flags.json !== undefined) throw new UsageError('--replay goes without --shard and --json');
    if (flags.targetCmd !== undefined) throw new UsageError('--replay goes with --target, not --target-cmd');
    return replay(flags, flags.replay);
  }
  const started = await startTarget({
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.targetCmd !== undefined ? { targetCmd: flags.targetCmd } : {}),
    referenceFault: flags.referenceFault,
  });
  if (started.kind === 'failed') return started.exitCode;
  const seen: { cases: number } = { cases: 0 };
  // fast-check cannot be stopped part-way: an interrupt stops the target, says so and ends the process.
  const onSignal = () => {
    process.stdout.write(
      `\nfuzz campaign interrupted after ${seen.cases} cases: no finding, nothing saved\n`,
    );
    void (started.target?.stop() ?? Promise.resolve()).finally(() => process.exit(INTERRUPTED));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await campaign(
      flags,
      address ?? started.target?.endpoint,
      started.target?.restartable,
      seen,
      shard,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await started.target?.stop();
  }
}

async function campaign(
  flags: FuzzFlags,
  target: Endpoint | undefined,
  restartable: RestartableTarget | undefined,
  seen: { cases: number },
  shard: Shard | undefined,
): Promise<number> {
  const faultNames = flags.referenceFault;
  const faults = parseFaults(faultNames);
  const timeoutMultiplier = parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier);
  const versions = parseVersions(flags.version);
  const seed = parseSeed(flags.seed);
  const runs = flags.runs !== undefined ? parsePositiveInteger('--runs', flags.runs) : undefined;
  const timeMs = flags.time !== undefined ? parseDuration(flags.time) : undefined;
  const jobs = parsePositiveInteger('--jobs', flags.jobs);
  const credentials = credentialsOf(flags);
  if (target) {
    const sanity = await sanityProbe(target, Math.round(3000 * timeoutMultiplier));
    if (!sanity.ok) {
      process.stderr.write(
        `socks-conformance: target unreachable or not answering SOCKS5: ${formatEndpoint(target)}: ${sanity.reason}\n`,
      );
      return ExitCode.TARGET_UNREACHABLE;
    }
  }
  const part = shard
    ? `, shard ${shard.index}/${shard.count} (runs i with i mod ${shard.count} = ${shard.index - 1})`
    : '';
  const budget = `${timeMs !== undefined ? `for ${flags.time}` : `${runs ?? 1000} runs`}${part}, ${jobs} at once`;
  const mutant = faults.size > 0 ? ` (mutant: ${faultNames.join(', ')})` : '';
  const started = flags.targetCmd !== undefined ? ` (--target-cmd ${JSON.stringify(flags.targetCmd)})` : '';
  process.stdout.write(
    `socks-conformance ${toolVersion} fuzz: ${target ? `${formatEndpoint(target)}${started}` : `built-in reference server${mutant}`}, seed ${seed}, ${budget}, SOCKS versions ${versions.join(', ')}\n`,
  );
  const progress = progressReporter(process.stdout);
  const options: ServerFuzzOptions = {
    ...(target ? { target } : { faults }),
    ...(restartable ? { restartable } : {}),
    ...(credentials ? { credentials } : {}),
    versions,
    seed,
    ...(runs !== undefined ? { runs } : {}),
    ...(timeMs !== undefined ? { timeMs } : {}),
    jobs,
    ...(shard ? { shard } : {}),
    timeoutMultiplier,
    onProgress: (stats) => {
      seen.cases = stats.cases;
      progress.update(stats);
    },
  };
  const startedAt = new Date().toISOString();
  const result = await fuzzServer(options);
  const wallMs = Math.round(performance.now() - result.stats.startedMs);
  progress.done();
  process.stdout.write(`${formatFuzzSummary(result.stats)}\n`);
  const targetName = target ? formatEndpoint(target) : 'reference';
  const record =
    result.finding &&
    recordOf(result.finding, {
      target: targetName,
      ...(flags.targetCmd !== undefined ? { targetCommand: flags.targetCmd } : {}),
      faults: faultNames,
      versions,
      seed,
      cases: result.stats.cases,
      shard,
      targetGone: result.targetGone === true,
    });
  if (flags.json !== undefined) {
    const report: FuzzReport = {
      tool: 'socks-conformance',
      type: 'fuzz-campaign',
      schema: FUZZ_REPORT_SCHEMA,
      toolVersion,
      startedAt,
      target: targetName,
      ...(flags.targetCmd !== undefined ? { targetCommand: flags.targetCmd } : {}),
      referenceFaults: faultNames,
      versions,
      seed,
      budget: timeMs !== undefined ? { timeMs } : { runs: runs ?? 1000 },
      ...(shard ? { shard } : {}),
      jobs,
      cases: result.stats.cases,
      skipped: result.stats.skipped,
      wallMs,
      findings: record ? [record] : [],
    };
    await writeWhole(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`JSON report: ${flags.json}\n`);
  }
  if (!record) return ExitCode.OK;
  const file = await writeFinding(flags.out, record);
  process.stdout.write(`\n${formatFinding(record, file)}\n`);
  if (result.targetGone)
    process.stdout.write(
      '   (the target did not come back after it was lost: the input is as small as it got)\n',
    );
  return ExitCode.FAILED;
}
