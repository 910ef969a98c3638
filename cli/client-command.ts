import { CommandTemplateError, parseClientCommand } from '../harness/engine/client/client-command.js';
import type { ClientUnderTest } from '../harness/engine/client/client-under-test.js';
import {
  type ClientRunDocument,
  clientExitCode,
  runClientSuite,
} from '../harness/engine/client/run-client-suite.js';
import type { SocksVersion } from '../harness/model/case.js';
import type { ClientCaseDefinition } from '../harness/model/client-case.js';
import { selectCases } from '../harness/model/filter.js';
import { ExitCode, verdicts } from '../harness/model/verdict.js';
import { formatFailure } from '../harness/report/console.js';
import { toolVersion } from '../harness/version.js';
import { clientGroups } from '../suites/client/index.js';
import { consoleOutput } from './console-output.js';
import { listenForInterrupt } from './interrupt.js';
import { listClauses } from './list-command.js';
import { parsePositiveInteger, parsePositiveNumber } from './parse-options.js';
import { finishRun, nothingSelected, prepareReporting, type ReportFlags } from './report-options.js';
import { UsageError } from './usage-error.js';

export interface ClientFlags extends ReportFlags {
  exec?: string;
  failureOutput?: string;
  socksVersion?: SocksVersion;
  only: string[];
  exclude: string[];
  list?: boolean;
  clauses?: boolean;
  jobs: string;
  timeoutMultiplier: string;
  strict?: boolean;
}

function quote(text: string): string {
  return /^[\w./:@{}-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function listClientCases(asJson: boolean): number {
  const rows = clientGroups.flatMap((g) =>
    g.cases.map(({ id, clauses, level, versions, title }) => ({
      id,
      clauses,
      level,
      versions,
      section: g.section,
      title,
    })),
  );
  if (asJson) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else
    for (const c of rows)
      process.stdout.write(`${c.id.padEnd(48)} ${c.clauses.join(', ').padEnd(56)} ${c.title}\n`);
  return ExitCode.OK;
}

function formatClientSummary(document: ClientRunDocument): string {
  const counts = verdicts
    .filter((v) => (document.summary[v] ?? 0) > 0)
    .map((v) => `${document.summary[v]} ${v}`)
    .join(', ');
  return `${document.summary.total} client cases: ${counts || 'none run'} (${document.summary.wallMs} ms)`;
}

/** `--failure-output REGEX`: output by which an `--exec` client reports a failure, whatever its exit status. */
function parseFailureOutput(text: string | undefined, hasExec: boolean): RegExp | undefined {
  if (text === undefined) return undefined;
  if (!hasExec) throw new UsageError('--failure-output goes with --exec: an interactive run sees no output');
  if (text === '') throw new UsageError('--failure-output: an empty pattern would match every output');
  try {
    return new RegExp(text, 'u');
  } catch (error) {
    const why =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new UsageError(`--failure-output ${JSON.stringify(text)} is not a regular expression: ${why}`);
  }
}

/** Without --exec: each case's proxy, credentials and URL are printed, and the case waits for a connection. */
const interactiveClient: ClientUnderTest = {
  kind: 'interactive',
  announce: (testCase, p, waitMs) => {
    process.stdout.write(
      [
        `\n── ${testCase.id}: ${testCase.title}`,
        `   proxy ${p.proxy} (RFC 1929 user ${p.user}, password ${p.password})`,
        `   fetch ${p.url} through it, e.g. curl -x socks5h://${p.user}:${p.password}@${p.proxy} ${p.url}`,
        `   (or open a tunnel to ${p.host} ${p.port}: the destination sends the token once the tunnel is silent)`,
        `   waiting up to ${Math.round(waitMs / 1000)} s for a connection\n`,
      ].join('\n'),
    );
  },
};

/** `socks-conformance client --exec 'curl -sS -x socks5h://{proxy} {url}'`: runs the client suite. */
export async function clientCommand(flags: ClientFlags): Promise<number> {
  if (flags.list)
    return flags.clauses
      ? listClauses(flags.json !== undefined, 'client')
      : listClientCases(flags.json !== undefined);
  if (flags.clauses) throw new UsageError('--clauses goes with --list');
  let template: ReturnType<typeof parseClientCommand> | undefined;
  try {
    if (flags.exec !== undefined) template = parseClientCommand(flags.exec);
  } catch (error) {
    if (error instanceof CommandTemplateError) throw new UsageError(error.message);
    throw error;
  }
  const failureOutput = parseFailureOutput(flags.failureOutput, template !== undefined);
  const socksVersion = flags.socksVersion;
  // One case at a time when a person points the client at each case's proxy.
  const jobs = template ? parsePositiveInteger('--jobs', flags.jobs) : 1;
  const timeoutMultiplier = parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier);
  if (!template && !process.stdin.isTTY)
    throw new UsageError(
      'client needs --exec COMMAND when no one is at a terminal to point a client at each case (stdin is not a TTY)',
    );
  const reporting = await prepareReporting(flags);
  const chosen = selectCases(
    clientGroups.flatMap((g) => g.cases),
    flags.only,
    flags.exclude,
  );
  if (chosen.length === 0) throw new UsageError(nothingSelected(flags.only, flags.exclude));
  // A person reading each case's announcement gets plain lines, not a status line drawn over them.
  const out = consoleOutput(template ? flags : { ...flags, ci: true });
  const progress = out.progress(chosen.length);
  const interrupt = listenForInterrupt();
  try {
    out.say(
      template
        ? `socks-conformance ${toolVersion}: client ${template.text}${template.shell ? ' (via /bin/sh -c)' : ''}`
        : `socks-conformance ${toolVersion}: interactive client run (no --exec): point your client at each case's proxy`,
    );
    const declared = socksVersion ? `--socks-version ${socksVersion} ` : '';
    const failure =
      flags.failureOutput !== undefined ? `--failure-output ${quote(flags.failureOutput)} ` : '';
    const document = await runClientSuite({
      client: template
        ? { kind: 'exec', template, ...(failureOutput ? { failureOutput } : {}) }
        : interactiveClient,
      ...(socksVersion ? { socksVersion } : {}),
      groups: clientGroups,
      only: flags.only,
      exclude: flags.exclude,
      jobs,
      timeoutMultiplier,
      strict: flags.strict ?? false,
      version: toolVersion,
      rerun: (c: ClientCaseDefinition) =>
        `npx socks-conformance client ${template ? `--exec ${quote(template.text)} ` : ''}${failure}${declared}${flags.strict ? '--strict ' : ''}${flags.timeoutMultiplier !== '1' ? `--timeout-multiplier ${flags.timeoutMultiplier} ` : ''}--only ${quote(c.id)}`,
      onResult: (r) => progress.result(r),
      signal: interrupt.signal,
    });
    progress.finish();
    const failures = document.results.filter((r) => ['FAIL', 'ERROR', 'WARN'].includes(r.verdict));
    if (failures.length > 0) out.say(`\n${failures.map(formatFailure).join('\n\n')}`);
    out.say('');
    out.always(formatClientSummary(document));
    await finishRun(document, reporting, out);
    const interrupted = interrupt.exitCode();
    if (interrupted !== undefined) return interrupted;
    const code = clientExitCode(document);
    if (code === ExitCode.TARGET_UNREACHABLE)
      process.stderr.write(
        'socks-conformance: the client never connected to the scripted proxy in any case\n',
      );
    return code;
  } finally {
    interrupt.dispose();
  }
}
