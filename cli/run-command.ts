import type { CaseDefinition } from '../harness/model/case.js';
import { ofVersions, selectCases } from '../harness/model/filter.js';
import { inShard, parseShard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { formatDetails, formatSummary, formatSummaryLine } from '../harness/report/console.js';
import { rerunCommand } from '../harness/session/rerun.js';
import { type RunOptions, runOptions } from '../harness/session/run-options.js';
import { runServerSuite, type SuiteOutcome } from '../harness/session/run-server-suite.js';
import { toolVersion } from '../harness/version.js';
import { serverGroups } from '../suites/index.js';
import { consoleOutput } from './console-output.js';
import { listenForInterrupt } from './interrupt.js';
import { listCases, listClauses } from './list-command.js';
import {
  collect,
  parseFeatures,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSourceAddress,
} from './parse-options.js';
import { applyProfile } from './profile-file.js';
import { refusedCredentialsLine } from './refused-credentials.js';
import {
  finishDocument,
  finishRun,
  nothingSelected,
  onCi,
  prepareReporting,
  type ReportFlags,
  runExitCode,
} from './report-options.js';
import { formatRestarts, targetAccess, targetSpec, targetStartFailure } from './target-options.js';
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
  const { credentials, versions } = targetAccess(flags);
  return runOptions({
    target: targetSpec(flags),
    credentials,
    versions,
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
  if (flags.list) {
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (typeof shard === 'string') throw new UsageError(shard);
    return flags.clauses
      ? listClauses(flags.json !== undefined)
      : listCases(flags.json !== undefined, { only: flags.only, exclude: flags.exclude, shard });
  }
  if (flags.clauses) throw new UsageError('--clauses goes with --list');
  const profile = await applyProfile(flags);
  const options = optionsFrom(flags);
  const reporting = await prepareReporting(flags, profile);
  const chosen = ofVersions(
    selectCases(
      serverGroups.flatMap((g) => g.cases),
      options.only,
      options.exclude,
    ),
    options.versions,
  );
  if (chosen.length === 0) throw new UsageError(nothingSelected(options.only, options.exclude));
  const out = consoleOutput(flags);
  const progress = out.progress(
    (options.shard ? inShard(chosen, options.shard) : chosen).length * options.repeat,
  );
  const interrupt = listenForInterrupt();
  const profileFile = flags.profile === undefined ? {} : { profileFile: flags.profile };
  try {
    let outcome: SuiteOutcome;
    try {
      outcome = await runServerSuite(options, {
        groups: serverGroups,
        version: toolVersion,
        rerun: (c: CaseDefinition) => rerunCommand(options, c.id, profileFile),
        onResult: (r) => progress.result(r),
        signal: interrupt.signal,
        onSession: (session) => {
          const { description, endpoint } = session.target;
          const where = formatEndpoint(endpoint);
          out.say(
            `socks-conformance ${toolVersion}: ${description === where ? where : `${description} on ${where}`}`,
          );
          if (options.target.kind === 'reference' && onCi(process.env))
            out.always(`warning: no --target given: this run tests the ${description}, not your server`);
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
    if (!out.style.quiet) {
      const details = formatDetails(document);
      if (details) out.say(`\n${details}`);
      const restarts = formatRestarts(document);
      if (restarts) out.say(`\n${restarts}`);
      out.say('');
    }
    out.always(out.style.quiet ? formatSummaryLine(document) : formatSummary(document));
    await finishRun(document, reporting, out);
    const interrupted = interrupt.exitCode();
    if (interrupted !== undefined) return interrupted;
    const code = runExitCode(document, outcome.exitCode, reporting);
    const refused = refusedCredentialsLine(document, options.credentials !== undefined);
    if (refused === undefined || code === ExitCode.TARGET_UNREACHABLE) return code;
    process.stderr.write(refused);
    return ExitCode.USAGE;
  } finally {
    interrupt.dispose();
  }
}
