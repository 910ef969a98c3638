import { readFile } from 'node:fs/promises';
import { CommandTemplateError, parseClientCommand } from '../harness/engine/client/client-command.js';
import type { ClientUnderTest } from '../harness/engine/client/client-under-test.js';
import { ExitCode } from '../harness/model/verdict.js';
import { formatTrace } from '../harness/net/hexdump.js';
import { FINDING_SCHEMA, type FuzzFindingRecord, findingWhat } from '../harness/report/fuzz-finding.js';
import { neverReached } from '../harness/report/fuzz-report.js';
import { toolVersion } from '../harness/version.js';
import { fuzzClient, replayClientInput } from '../integrations/fuzz-client.js';
import { type ClientFuzzInput, clientFuzzScript } from '../suites/fuzz/client-fuzz.js';
import { consoleOutput } from './console-output.js';
import { parseDuration, parseSeed } from './fuzz-command.js';
import {
  campaignOnConsole,
  campaignReport,
  type FuzzReportFlags,
  finishFuzzRun,
  prepareFuzzReporting,
  saveFindings,
} from './fuzz-reports.js';
import { listenForInterrupt } from './interrupt.js';
import { parsePositiveInteger, parsePositiveNumber } from './parse-options.js';
import { UsageError } from './usage-error.js';

export interface FuzzClientFlags extends FuzzReportFlags {
  exec?: string;
  runs?: string;
  time?: string;
  seed?: string;
  out: string;
  replay?: string;
  timeoutMultiplier: string;
}

function clientOf(text: string): ClientUnderTest {
  try {
    return { kind: 'exec', template: parseClientCommand(text) };
  } catch (error) {
    if (error instanceof CommandTemplateError) throw new UsageError(error.message);
    throw error;
  }
}

function isClientInput(value: unknown): value is ClientFuzzInput {
  const input = value as Partial<ClientFuzzInput> | undefined;
  return (
    typeof input?.socks5?.rep === 'number' &&
    typeof input.socks4?.code === 'number' &&
    (input.chunking === 'whole' || input.chunking === 'bytewise')
  );
}

async function replay(flags: FuzzClientFlags, file: string): Promise<number> {
  // --quiet: the verdict line alone.
  const out = consoleOutput(flags);
  let record: Partial<FuzzFindingRecord>;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as Partial<FuzzFindingRecord>;
  } catch (error) {
    throw new UsageError(`--replay ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (record?.type !== 'fuzz-finding' || record.role !== 'client' || !isClientInput(record.input))
    throw new UsageError(`--replay ${file}: not a client fuzz finding file`);
  const exec = flags.exec ?? record.target;
  if (!exec) throw new UsageError('--replay: the file names no client command; give --exec');
  out.say(`socks-conformance ${toolVersion}: replaying ${file} with ${exec}`);
  const outcome = await replayClientInput(record.input, {
    client: clientOf(exec),
    timeoutMultiplier: parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier),
  });
  out.say(`trace:\n${formatTrace(outcome.detail.trace).replace(/^/gm, '  ')}`);
  if (outcome.ok) {
    out.always(`not reproduced (recorded: ${record.clause}: ${record.what})`);
    return ExitCode.OK;
  }
  out.always(`reproduced: ${outcome.clause}: ${outcome.what}`);
  return ExitCode.FAILED;
}

/** The versions a client campaign's replies are of. */
const clientVersions = ['5', '4', '4a'];

/** `socks-conformance fuzz client --exec 'curl -sS -x socks5h://{proxy} {url}'`. */
export async function fuzzClientCommand(flags: FuzzClientFlags): Promise<number> {
  const timeoutMultiplier = parsePositiveNumber('--timeout-multiplier', flags.timeoutMultiplier);
  if (flags.replay !== undefined) {
    if ([flags.json, flags.junit, flags.markdown].some((flag) => flag !== undefined))
      throw new UsageError('--replay goes without --json, --junit and --markdown');
    return replay(flags, flags.replay);
  }
  if (flags.exec === undefined)
    throw new UsageError(
      "fuzz client needs --exec COMMAND (e.g. --exec 'curl -sS -x socks5h://{proxy} {url}')",
    );
  const client = clientOf(flags.exec);
  const seed = parseSeed(flags.seed);
  const runs = flags.runs !== undefined ? parsePositiveInteger('--runs', flags.runs) : 100;
  const timeMs = flags.time !== undefined ? parseDuration(flags.time) : undefined;
  const reporting = await prepareFuzzReporting(flags);
  const out = consoleOutput(flags);
  const budget = timeMs !== undefined ? `for ${flags.time}` : `${runs} runs`;
  out.say(`socks-conformance ${toolVersion} fuzz client: ${flags.exec}, seed ${seed}, ${budget}`);
  const interrupt = listenForInterrupt();
  try {
    const campaign = await campaignOnConsole(out, interrupt, async (hooks) => {
      const campaign = await fuzzClient({
        client,
        seed,
        ...(timeMs !== undefined ? { timeMs } : { runs }),
        timeoutMultiplier,
        ...hooks,
      });
      return { ...campaign.result, unreached: campaign.unreached };
    });
    const { result } = campaign;
    const { finding } = result;
    const record: FuzzFindingRecord | undefined = finding && {
      tool: 'socks-conformance',
      type: 'fuzz-finding',
      schema: FINDING_SCHEMA,
      toolVersion,
      createdAt: new Date().toISOString(),
      role: 'client',
      target: flags.exec,
      referenceFaults: [],
      versions: clientVersions,
      seed,
      path: finding.path,
      casesRun: result.stats.cases,
      shrinks: finding.shrinks,
      signature: finding.signature,
      hits: finding.hits,
      kind: finding.kind,
      clause: finding.clause,
      what: findingWhat(finding, false),
      input: finding.input,
      sent: clientFuzzScript(finding.input).socks5?.reply.toString('hex') ?? '',
      trace: finding.detail.trace,
    };
    const records = record ? [record] : [];
    const files = await saveFindings(records, flags.out, out);
    const report = campaignReport(campaign, records, {
      role: 'client',
      target: flags.exec,
      referenceFaults: [],
      versions: clientVersions,
      seed,
      budget: timeMs !== undefined ? { timeMs } : { runs },
      jobs: 1,
      unreached: result.unreached,
      stopOnFirst: true,
    });
    await finishFuzzRun(report, files, reporting, out);
    const code = interrupt.exitCode();
    if (code !== undefined) return code;
    if (record) return ExitCode.FAILED;
    if (neverReached(report)) {
      process.stderr.write('socks-conformance: the client never connected to the scripted server\n');
      return ExitCode.TARGET_UNREACHABLE;
    }
    return ExitCode.OK;
  } finally {
    interrupt.dispose();
  }
}
