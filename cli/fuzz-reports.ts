/**
 * The console and reports of a fuzz campaign (`fuzz`, `fuzz client`): progress and the summary line as the
 * console style allows; reports checked before the campaign and written whole after it (JSON, JUnit, Markdown;
 * `--json -` to stdout); under GitHub Actions an `::error` per finding and the Markdown summary appended to the
 * step summary, as a suite run does.
 */
import type { CampaignStats } from '../harness/engine/fuzz/fuzz-campaign.js';
import { type FuzzFindingRecord, formatFinding, writeFinding } from '../harness/report/fuzz-finding.js';
import { formatFuzzJunit } from '../harness/report/fuzz-junit.js';
import { formatFuzzMarkdown } from '../harness/report/fuzz-markdown.js';
import { formatFuzzSummary, progressReporter } from '../harness/report/fuzz-progress.js';
import { FUZZ_REPORT_SCHEMA, type FuzzReport } from '../harness/report/fuzz-report.js';
import { appendStepSummary, findingAnnotation, onGitHubActions } from '../harness/report/github-actions.js';
import { type ReportFiles, writeRendered } from '../harness/report/write-reports.js';
import { toolVersion } from '../harness/version.js';
import type { ConsoleFlags, ConsoleOutput } from './console-output.js';
import type { Interrupt } from './interrupt.js';
import { prepareReporting } from './report-options.js';
import { UsageError } from './usage-error.js';

export interface FuzzReportFlags extends ConsoleFlags {
  json?: string;
  junit?: string;
  markdown?: string;
  /** `--no-step-summary`: under GitHub Actions, do not append the Markdown summary to the step summary. */
  stepSummary?: boolean;
}

export interface FuzzReporting {
  readonly files: ReportFiles;
  readonly stepSummary: boolean;
}

/** Checks every report option before the campaign, so that a bad one costs no campaign. */
export async function prepareFuzzReporting(flags: FuzzReportFlags): Promise<FuzzReporting> {
  if (flags.json !== undefined && flags.json.trim() === '') throw new UsageError('--json needs a file name');
  const { files, stepSummary } = await prepareReporting({
    json: flags.json,
    junit: flags.junit,
    markdown: flags.markdown,
    stepSummary: flags.stepSummary,
  });
  return { files, stepSummary };
}

/** What a campaign run on the console gives back besides the engine's result. */
export interface ConsoleCampaign<R> {
  readonly result: R;
  readonly startedAt: string;
  readonly wallMs: number;
  /** Ctrl-C or SIGTERM ended it before its budget did. */
  readonly interrupted: boolean;
}

/** What describes a campaign rather than how it went: the command that ran it gives these. */
export type CampaignDescription = Omit<
  FuzzReport,
  | 'tool'
  | 'type'
  | 'schema'
  | 'toolVersion'
  | 'startedAt'
  | 'cases'
  | 'skipped'
  | 'wallMs'
  | 'complete'
  | 'hits'
  | 'findings'
>;

/** The report of a campaign run on the console, with its distinct findings. */
export function campaignReport(
  campaign: ConsoleCampaign<{ stats: CampaignStats }>,
  findings: readonly FuzzFindingRecord[],
  description: CampaignDescription,
): FuzzReport {
  return {
    tool: 'socks-conformance',
    type: 'fuzz-campaign',
    schema: FUZZ_REPORT_SCHEMA,
    toolVersion,
    startedAt: campaign.startedAt,
    ...description,
    cases: campaign.result.stats.cases,
    skipped: campaign.result.stats.skipped,
    wallMs: campaign.wallMs,
    complete: !campaign.interrupted,
    hits: campaign.result.stats.hits,
    findings,
  };
}

/** Runs a campaign with its progress on the console, ended early by `interrupt`, then prints its summary line. */
export async function campaignOnConsole<
  R extends { stats: CampaignStats; interrupted?: true; unreached?: number },
>(
  out: ConsoleOutput,
  interrupt: Interrupt,
  run: (hooks: { signal: AbortSignal; onProgress(stats: CampaignStats): void }) => Promise<R>,
): Promise<ConsoleCampaign<R>> {
  const progress = progressReporter(out.style, out.write);
  const startedAt = new Date().toISOString();
  const result = await run({ signal: interrupt.signal, onProgress: (stats) => progress.update(stats) });
  const wallMs = Math.round(performance.now() - result.stats.startedMs);
  progress.done();
  const interrupted = result.interrupted === true;
  const neverConnected = result.stats.cases > 0 && result.unreached === result.stats.cases;
  out.always(formatFuzzSummary(result.stats, { colour: out.style.colour, interrupted, neverConnected }));
  return { result, startedAt, wallMs, interrupted };
}

/**
 * Saves each finding to its own file in `folder` and prints it with its replay command; returns the files, in
 * the order of the findings.
 */
export async function saveFindings(
  records: readonly FuzzFindingRecord[],
  folder: string,
  out: ConsoleOutput,
): Promise<string[]> {
  const files: string[] = [];
  const sameName = (a: FuzzFindingRecord, b: FuzzFindingRecord) => a.kind === b.kind && a.clause === b.clause;
  for (const record of records) {
    const shared = records.some((other) => other !== record && sameName(other, record));
    const file = await writeFinding(folder, record, shared);
    out.say(`\n${formatFinding(record, file)}`);
    files.push(file);
  }
  return files;
}

/**
 * Writes the campaign's reports and, under GitHub Actions, its annotations and step summary; each file written
 * named on the console. `findingFiles[i]` is where finding i was saved, for its replay command.
 */
export async function finishFuzzRun(
  report: FuzzReport,
  findingFiles: readonly (string | undefined)[],
  reporting: FuzzReporting,
  out: ConsoleOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const written = await writeRendered(reporting.files, {
    json: () => `${JSON.stringify(report, null, 2)}\n`,
    junit: () => formatFuzzJunit(report, findingFiles),
    markdown: () => formatFuzzMarkdown(report, findingFiles),
  });
  for (const line of written) out.say(line);
  if (!onGitHubActions(env)) return;
  for (const [i, finding] of report.findings.entries())
    out.always(findingAnnotation(finding, findingFiles[i]));
  if (reporting.stepSummary) {
    const file = await appendStepSummary(formatFuzzMarkdown(report, findingFiles), env);
    if (file) out.say(`Markdown summary appended to the step summary (${file})`);
  }
}
