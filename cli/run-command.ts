import { runSuite } from '../harness/engine/server/run-suite.js';
import type { CaseDefinition } from '../harness/model/case.js';
import { selectCases } from '../harness/model/filter.js';
import { inShard, parseShard } from '../harness/model/shard.js';
import { ExitCode } from '../harness/model/verdict.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { referenceCredentials } from '../harness/reference/config.js';
import { startReferenceServer } from '../harness/reference/server.js';
import { formatDetails, formatSummary } from '../harness/report/console.js';
import { liveConsole, Progress } from '../harness/report/progress.js';
import { toolVersion } from '../harness/version.js';
import { serverGroups } from '../suites/index.js';
import { listCases, listClauses } from './list-command.js';
import {
  collect,
  parseFaults,
  parseFeatures,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSourceAddress,
  parseTarget,
} from './parse-options.js';
import { applyProfile } from './profile-file.js';
import {
  finishDocument,
  prepareReporting,
  type ReportFlags,
  runExitCode,
  writeRunReports,
} from './report-options.js';
import { formatRestarts, startTarget, targetRerunArgs } from './target-options.js';
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

function quote(text: string): string {
  return /^[\w./:@[\]-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export async function runCommand(flags: RunFlags): Promise<number> {
  if (flags.list)
    return flags.clauses ? listClauses(flags.json !== undefined) : listCases(flags.json !== undefined);
  if (flags.clauses) throw new UsageError('--clauses goes with --list');
  const profile = await applyProfile(flags);
  const jobs = parsePositiveInteger('--jobs', flags.jobs);
  const timeoutMultiplier = parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier);
  const faults = parseFaults(flags.referenceFault);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  const repeat = flags.repeat === undefined ? 1 : parsePositiveInteger('--repeat', flags.repeat);
  const expect = parseFeatures(flags.expect);
  const altSource = flags.altSource === undefined ? undefined : parseSourceAddress(flags.altSource);
  if (flags.target && faults.size > 0)
    throw new UsageError('--reference-fault applies to the built-in reference server, not to --target');
  const reporting = await prepareReporting(flags, profile);
  const start = await startTarget(flags);
  if (start.kind === 'failed') return start.exitCode;
  const started = start.target;
  const username = flags.user ?? process.env.SOCKS_CONFORMANCE_USER;
  const password = flags.password ?? process.env.SOCKS_CONFORMANCE_PASSWORD;
  const target = flags.target ? parseTarget(flags.target) : undefined;
  const reference = target || started ? undefined : await startReferenceServer({ faults });
  const endpoint = started?.endpoint ?? target ?? { host: reference!.host, port: reference!.port };
  const chosen = selectCases(
    serverGroups.flatMap((g) => g.cases),
    flags.only,
    flags.exclude,
  );
  const progress = new Progress({
    total: (shard ? inShard(chosen, shard) : chosen).length * repeat,
    live: liveConsole(process.stdout.isTTY, flags.ci ?? false, process.env),
    write: (text) => process.stdout.write(text),
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const base = [
    'npx socks-conformance',
    ...(target ? ['--target', quote(formatEndpoint(target))] : []),
    ...targetRerunArgs(flags, quote),
    ...flags.referenceFault.flatMap((f) => ['--reference-fault', f]),
    ...(flags.profile ? ['--profile', quote(flags.profile)] : []),
  ];
  try {
    process.stdout.write(
      `socks-conformance ${toolVersion}: ${started ? `${started.description} on ${formatEndpoint(endpoint)}` : target ? formatEndpoint(target) : `built-in reference server on ${formatEndpoint(endpoint)}`}\n`,
    );
    const outcome = await runSuite({
      target: endpoint,
      groups: serverGroups,
      only: flags.only,
      exclude: flags.exclude,
      jobs,
      timeoutMultiplier,
      strict: flags.strict ?? false,
      expect,
      ...(altSource ? { altSource } : {}),
      ...(username !== undefined && password !== undefined
        ? { credentials: { username, password } }
        : reference
          ? { credentials: referenceCredentials }
          : {}),
      ...(flags.echoHost ? { echoHost: flags.echoHost } : {}),
      version: toolVersion,
      rerun: (c: CaseDefinition) => [...base, '--only', quote(c.id)].join(' '),
      onResult: (r) => progress.result(r),
      signal: controller.signal,
      ...(started?.restartable ? { restartable: started.restartable } : {}),
      ...(shard ? { shard } : {}),
      repeat,
    });
    progress.finish();
    if (outcome.kind === 'unreachable') {
      process.stderr.write(
        `socks-conformance: target unreachable or not answering SOCKS5: ${outcome.reason}\n`,
      );
      return ExitCode.TARGET_UNREACHABLE;
    }
    const document = finishDocument(outcome.document, reporting, expect);
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
    await reference?.close();
    await started?.stop();
  }
}
