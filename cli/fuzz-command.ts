import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CampaignFinding } from '../harness/engine/fuzz/fuzz-campaign.js';
import { parseShard, type Shard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { formatTrace } from '../harness/net/hexdump.js';
import type { Trace } from '../harness/net/trace.js';
import {
  annotatedTrace,
  FINDING_SCHEMA,
  type FuzzFindingRecord,
  findingWhat,
  sentHex,
} from '../harness/report/fuzz-finding.js';
import { TargetUnreachableError } from '../harness/session/session.js';
import type { TargetSpec } from '../harness/target/target.js';
import { toolVersion } from '../harness/version.js';
import {
  type FuzzTarget,
  fuzzOpenTarget,
  openFuzzTarget,
  replayServerInput,
  type ServerFuzzOptions,
} from '../integrations/fuzz-server.js';
import type { FuzzInput, FuzzVersion } from '../suites/fuzz/input.js';
import { checkFuzzInput } from '../suites/fuzz/input-check.js';
import { type ConsoleOutput, consoleOutput } from './console-output.js';
import {
  campaignOnConsole,
  campaignReport,
  type FuzzReportFlags,
  type FuzzReporting,
  finishFuzzRun,
  prepareFuzzReporting,
  saveFindings,
} from './fuzz-reports.js';
import { type Interrupt, listenForInterrupt } from './interrupt.js';
import { parsePositiveInteger, parsePositiveNumber, parseTarget } from './parse-options.js';
import { onCi } from './report-options.js';
import { type TargetFlags, targetAccess, targetSpec, targetStartFailure } from './target-options.js';
import { UsageError } from './usage-error.js';

export interface FuzzFlags extends TargetFlags, FuzzReportFlags {
  runs?: string;
  time?: string;
  seed?: string;
  socksVersion: string[];
  out: string;
  replay?: string;
  timeoutMultiplier: string;
  user?: string;
  password?: string;
  jobs: string;
  shard?: string;
  /** `--stop-on-first`: end the campaign at its first finding. */
  stopOnFirst?: boolean;
}

const versionNames: readonly FuzzVersion[] = ['5', '4', '4a'];

export function parseVersions(values: readonly string[]): FuzzVersion[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase());
  for (const name of names)
    if (!(versionNames as readonly string[]).includes(name))
      throw new UsageError(`--socks-version ${JSON.stringify(name)}: one of 4, 4a, 5`);
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
  return targetAccess(flags).credentials;
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
  // --quiet: the verdict line alone.
  const out = consoleOutput(flags);
  const { record, input } = await readFinding(file);
  // A finding on a target the harness started is replayed on a new start of the same command; one on an
  // address, at that address unless --target names another.
  const recorded: TargetSpec | undefined =
    flags.target !== undefined
      ? undefined
      : record.targetCommand
        ? { kind: 'command', command: record.targetCommand }
        : record.target && record.target !== 'reference'
          ? { kind: 'address', endpoint: parseTarget(record.target).endpoint }
          : undefined;
  const target =
    recorded ??
    targetSpec({
      target: flags.target,
      referenceFault:
        flags.target !== undefined ? [] : [...(record.referenceFaults ?? []), ...flags.referenceFault],
    });
  const where =
    target.kind === 'address'
      ? formatEndpoint(target.endpoint)
      : target.kind === 'command'
        ? target.command
        : 'the built-in reference server';
  out.say(`socks-conformance ${toolVersion}: replaying ${file} against ${where}`);
  const credentials = credentialsOf(flags);
  const outcome = await replayServerInput(input, {
    target,
    timeoutMultiplier: parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier),
    credentials: credentials,
  });
  out.say(
    `trace:\n${formatTrace(annotatedTrace(outcome.trace, credentials?.password)).replace(/^/gm, '  ')}`,
  );
  if (!outcome.reproduced) {
    out.always(
      `not reproduced: no violation, and the target still answers (recorded: ${record.clause}: ${record.what})`,
    );
    return ExitCode.OK;
  }
  out.always(`reproduced: ${outcome.clause}: ${outcome.what}`);
  return ExitCode.FAILED;
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
    password: string | undefined;
  },
): FuzzFindingRecord {
  const trace = annotatedTrace(finding.detail, context.password);
  return {
    tool: 'socks-conformance',
    type: 'fuzz-finding',
    schema: FINDING_SCHEMA,
    toolVersion,
    createdAt: new Date().toISOString(),
    role: 'server',
    target: context.target,
    targetCommand: context.targetCommand,
    referenceFaults: context.faults,
    versions: context.versions,
    seed: context.seed,
    shard: context.shard,
    path: finding.path,
    casesRun: context.cases,
    shrinks: finding.shrinks,
    signature: finding.signature,
    hits: finding.hits,
    kind: finding.kind,
    clause: finding.clause,
    what: findingWhat(finding, context.targetGone),
    input: finding.input,
    sent: sentHex(trace),
    trace,
  };
}

/** The campaign the flags describe, every flag parsed once. */
interface Campaign {
  readonly options: ServerFuzzOptions & { readonly target: TargetSpec; readonly jobs: number };
  readonly faultNames: readonly string[];
  readonly versions: FuzzVersion[];
  readonly budget: { readonly runs: number } | { readonly timeMs: number };
}

function campaignFrom(flags: FuzzFlags): Campaign {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  if (shard && flags.seed === undefined)
    throw new UsageError('--shard needs --seed: every shard must search the same campaign');
  const target = targetSpec(flags);
  // A URL's scheme names the versions unless --socks-version does.
  const versions =
    flags.socksVersion.length > 0
      ? parseVersions(flags.socksVersion)
      : parseVersions([...(targetAccess(flags).versions ?? [])]);
  const runs = flags.runs !== undefined ? parsePositiveInteger('--runs', flags.runs) : undefined;
  const timeMs = flags.time !== undefined ? parseDuration(flags.time) : undefined;
  const credentials = credentialsOf(flags);
  return {
    options: {
      target,
      credentials: credentials,
      versions,
      seed: parseSeed(flags.seed),
      runs,
      timeMs,
      jobs: parsePositiveInteger('--jobs', flags.jobs),
      shard: shard,
      timeoutMultiplier: parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier),
      stopOnFirst: flags.stopOnFirst === true,
    },
    faultNames: flags.referenceFault,
    versions,
    budget: timeMs !== undefined ? { timeMs } : { runs: runs ?? 1000 },
  };
}

export async function fuzzCommand(flags: FuzzFlags): Promise<number> {
  if (flags.replay !== undefined) {
    if ([flags.shard, flags.json, flags.junit, flags.markdown].some((flag) => flag !== undefined))
      throw new UsageError('--replay goes without --shard, --json, --junit and --markdown');
    if (flags.stopOnFirst) throw new UsageError('--replay goes without --stop-on-first');
    if (flags.targetCmd !== undefined || flags.targetImage !== undefined)
      throw new UsageError('--replay goes with --target, not --target-cmd or --target-image');
    targetSpec(flags);
    try {
      return await replay(flags, flags.replay);
    } catch (error) {
      return failedToOpen(error);
    }
  }
  const reporting = await prepareFuzzReporting(flags);
  const plan = campaignFrom(flags);
  const out = consoleOutput(flags);
  // Ctrl-C or SIGTERM ends the campaign early: the cases in flight end, and the reports are still written.
  const interrupt = listenForInterrupt();
  try {
    let target: FuzzTarget;
    try {
      target = await openFuzzTarget(plan.options);
    } catch (error) {
      return failedToOpen(error);
    }
    try {
      return await campaign(flags, plan, target, { reporting, out, interrupt });
    } finally {
      await target.close();
    }
  } finally {
    interrupt.dispose();
  }
}

/** A target that would not start or does not answer: one line and its exit code. */
function failedToOpen(error: unknown): number {
  if (error instanceof TargetUnreachableError) {
    process.stderr.write(`socks-conformance: target unreachable or not answering SOCKS5: ${error.message}\n`);
    return ExitCode.TARGET_UNREACHABLE;
  }
  const code = targetStartFailure(error);
  if (code === undefined) throw error;
  return code;
}

function describeTarget(target: TargetSpec, faultNames: readonly string[]): { name: string; shown: string } {
  switch (target.kind) {
    case 'address':
      return { name: formatEndpoint(target.endpoint), shown: formatEndpoint(target.endpoint) };
    case 'command':
      return { name: 'command', shown: `--target-cmd ${JSON.stringify(target.command)}` };
    case 'image':
      return { name: target.image, shown: `--target-image ${target.image}` };
    default:
      return {
        name: 'reference',
        shown: `built-in reference server${faultNames.length > 0 ? ` (mutant: ${faultNames.join(', ')})` : ''}`,
      };
  }
}

/** Where the campaign reports and what ends it early. */
interface CampaignConsole {
  readonly reporting: FuzzReporting;
  readonly out: ConsoleOutput;
  readonly interrupt: Interrupt;
}

async function campaign(
  flags: FuzzFlags,
  plan: Campaign,
  target: FuzzTarget,
  { reporting, out, interrupt }: CampaignConsole,
): Promise<number> {
  const { options, faultNames, versions } = plan;
  const shard = options.shard;
  const part = shard
    ? `, shard ${shard.index}/${shard.count} (runs i with i mod ${shard.count} = ${shard.index - 1})`
    : '';
  const budget = `${'timeMs' in plan.budget ? `for ${flags.time}` : `${plan.budget.runs} runs`}${part}, ${options.jobs} at once`;
  const named = describeTarget(options.target, faultNames);
  out.say(
    `socks-conformance ${toolVersion} fuzz: ${named.shown}, seed ${options.seed}, ${budget}, SOCKS versions ${versions.join(', ')}`,
  );
  if (options.target.kind === 'reference' && onCi(process.env))
    out.always(`warning: no --target given: this campaign fuzzes the ${named.shown}, not your server`);
  const campaign = await campaignOnConsole(out, interrupt, (hooks) =>
    fuzzOpenTarget(target, { ...options, ...hooks }),
  );
  const { result } = campaign;
  const targetCommand = options.target.kind === 'command' ? options.target.command : undefined;
  const records = result.findings.map((finding) =>
    recordOf(finding, {
      target: named.name,
      targetCommand,
      faults: faultNames,
      versions,
      seed: options.seed,
      cases: result.stats.cases,
      shard,
      targetGone: result.targetGone === true,
      password: options.credentials?.password,
    }),
  );
  const files = await saveFindings(records, flags.out, out);
  if (records.length > 0 && result.targetGone)
    out.say(
      '   (the target did not come back after it was lost: the campaign ended there, its last finding as small as it got)',
    );
  const report = campaignReport(campaign, records, {
    role: 'server',
    target: named.name,
    targetCommand,
    referenceFaults: faultNames,
    versions,
    seed: options.seed,
    budget: plan.budget,
    shard,
    jobs: options.jobs,
    stopOnFirst: options.stopOnFirst === true,
  });
  await finishFuzzRun(report, files, reporting, out);
  return interrupt.exitCode() ?? (records.length > 0 ? ExitCode.FAILED : ExitCode.OK);
}
