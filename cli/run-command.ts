import type { CaseDefinition } from '../harness/model/case.js';
import { selectCases } from '../harness/model/filter.js';
import { inShard, parseShard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { formatDetails, formatSummary } from '../harness/report/console.js';
import { liveConsole, Progress } from '../harness/report/progress.js';
import { rerunCommand } from '../harness/session/rerun.js';
import { type RunOptions, runOptions } from '../harness/session/run-options.js';
import { runServerSuite, type SuiteOutcome } from '../harness/session/run-server-suite.js';
import { toolVersion } from '../harness/version.js';
import { serverGroups } from '../suites/index.js';
import { listCases, listClauses } from './list-command.js';
import {
  collect,
  parseFeatures,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSourceAddress,
} from './parse-options.js';
import { applyProfile } from './profile-file.js';
import {
  finishDocument,
  prepareReporting,
  type ReportFlags,
  runExitCode,
  writeRunReports,
} from './report-options.js';
import { formatRestarts, targetSpec, targetStartFailure } from './target-options.js';
import { UsageError } from './usage-error.js';

export interface RunFlags extends ReportFlags {
  target?: string;
  only: string[];
  exclude: string[];
  list?: boolean;
  clauses?: boolean;
  expect: string[];
  altSource?: string;
  jobs: string;
  timeoutMultiplier: string;
  strict?: boolean;
  user?: string;
  password?: string;
  echoHost?: string;
  referenceFault: string[];
  targetCmd?: string;
  targetImage?: string;
  targetPort?: string;
  shard?: string;
  repeat?: string;
}

export { collect };

/** The run's options, from the flags (a profile already applied): the CLI maps flags and does nothing else. */
function optionsFrom(flags: RunFlags): RunOptions {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  const username = flags.user ?? process.env.SOCKS_CONFORMANCE_USER;
  const password = flags.password ?? process.env.SOCKS_CONFORMANCE_PASSWORD;
  return runOptions({
    target: targetSpec(flags),
    ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
    only: flags.only,
    exclude: flags.exclude,
    expect: parseFeatures(flags.expect),
    ...(flags.altSource !== undefined ? { altSource: parseSourceAddress(flags.altSource) } : {}),
    echoHost: flags.echoHost,
    jobs: flags.jobs === 'auto' ? 'auto' : parsePositiveInteger('--jobs', flags.jobs),
    timeoutMultiplier: parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier),
    strict: flags.strict ?? false,
    shard: shard,
    repeat: flags.repeat === undefined ? 1 : parsePositiveInteger('--repeat', flags.repeat),
  });
}

export async function runCommand(flags: RunFlags): Promise<number> {
  if (flags.list)
    return flags.clauses ? listClauses(flags.json !== undefined) : listCases(flags.json !== undefined);
  if (flags.clauses) throw new UsageError('--clauses goes with --list');
  const profile = await applyProfile(flags);
  const options = optionsFrom(flags);
  const reporting = await prepareReporting(flags, profile);
  const chosen = selectCases(
    serverGroups.flatMap((g) => g.cases),
    options.only,
    options.exclude,
  );
  const progress = new Progress({
    total: (options.shard ? inShard(chosen, options.shard) : chosen).length * options.repeat,
    live: liveConsole(process.stdout.isTTY, flags.ci ?? false, process.env),
    write: (text) => process.stdout.write(text),
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const profileFile = flags.profile === undefined ? {} : { profileFile: flags.profile };
  try {
    let outcome: SuiteOutcome;
    try {
      outcome = await runServerSuite(options, {
        groups: serverGroups,
        version: toolVersion,
        rerun: (c: CaseDefinition) => rerunCommand(options, c.id, profileFile),
        onResult: (r) => progress.result(r),
        signal: controller.signal,
        onSession: (session) => {
          const { description, endpoint } = session.target;
          const where = formatEndpoint(endpoint);
          process.stdout.write(
            `socks-conformance ${toolVersion}: ${description === where ? where : `${description} on ${where}`}\n`,
          );
        },
      });
    } catch (error) {
      const code = targetStartFailure(error);
      if (code === undefined) throw error;
      return code;
    }
    progress.finish();
    if (outcome.kind === 'unreachable') {
      process.stderr.write(
        `socks-conformance: target unreachable or not answering SOCKS5: ${outcome.reason}\n`,
      );
      return ExitCode.TARGET_UNREACHABLE;
    }
    const document = finishDocument(outcome.document, reporting, options.expect);
    const details = formatDetails(document);
    if (details) process.stdout.write(`\n${details}\n`);
    const restarts = formatRestarts(document);
    if (restarts) process.stdout.write(`\n${restarts}\n`);
    process.stdout.write(`\n${formatSummary(document)}\n`);
    for (const line of await writeRunReports(document, reporting)) process.stdout.write(`${line}\n`);
    if (controller.signal.aborted) return 130;
    return runExitCode(document, outcome.exitCode, reporting);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
