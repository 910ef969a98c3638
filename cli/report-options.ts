import type { RunDocument } from '../harness/model/result.js';
import {
  applyBaseline,
  type Baseline,
  baselineExitCode,
  formatBaseline,
  formatBaselineSummary,
  recordBaseline,
} from '../harness/report/baseline.js';
import { type Certification, formatCertificate } from '../harness/report/certify.js';
import { annotations, appendStepSummary, onGitHubActions } from '../harness/report/github-actions.js';
import { formatMarkdown } from '../harness/report/markdown.js';
import { prepareFolder, writeWhole } from '../harness/report/write-file.js';
import { type ReportFiles, reportFiles, STDOUT, writeReports } from '../harness/report/write-reports.js';
import { readBaseline } from './baseline-file.js';
import type { ConsoleOutput } from './console-output.js';
import type { LoadedProfile } from './profile-file.js';
import { UsageError } from './usage-error.js';

/** The report, baseline and profile options of a server run. */
export interface ReportFlags {
  json?: string | boolean;
  tap?: string;
  junit?: string;
  markdown?: string;
  html?: string;
  out?: string;
  baseline?: string;
  writeBaseline?: string;
  failOnXpass?: boolean;
  profile?: string;
  certify?: string;
  product?: string;
  productVersion?: string;
  /** Plain lines even on a terminal. */
  ci?: boolean;
  /** Only the summary line. */
  quiet?: boolean;
  /** `--no-step-summary`: under GitHub Actions, do not append the Markdown summary to the step summary. */
  stepSummary?: boolean;
}

export interface Reporting {
  readonly files: ReportFiles;
  readonly baseline?: { readonly file: string; readonly data: Baseline };
  readonly writeBaseline?: string;
  readonly failOnXpass: boolean;
  readonly profile?: LoadedProfile;
  readonly certify?: { readonly file: string } & Certification;
  readonly stepSummary: boolean;
}

/** Reads and checks every report option before the run, so that a bad one costs no run. */
export async function prepareReporting(flags: ReportFlags, profile?: LoadedProfile): Promise<Reporting> {
  if (flags.json === true) throw new UsageError('--json needs a file name when running cases');
  const named = {
    tap: flags.tap,
    junit: flags.junit,
    markdown: flags.markdown,
    html: flags.html,
    out: flags.out,
    baseline: flags.baseline,
    'write-baseline': flags.writeBaseline,
    certify: flags.certify,
  };
  for (const [name, value] of Object.entries(named))
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a file name`);
  const outputs = { ...named, json: typeof flags.json === 'string' ? flags.json : undefined, out: undefined };
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined || value === STDOUT || name === 'baseline') continue;
    await prepareFolder(value).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--${name} ${value}: cannot write there (${error.code ?? error.message})`);
    });
  }
  if (flags.out !== undefined) {
    await prepareFolder(`${flags.out}/x`).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${flags.out}: cannot write there (${error.code ?? error.message})`);
    });
  }
  if (flags.failOnXpass && flags.baseline === undefined)
    throw new UsageError('--fail-on-xpass goes with --baseline (or a profile that names one)');
  if (flags.certify !== undefined && !flags.product?.trim())
    throw new UsageError('--certify needs --product NAME (and --product-version VERSION)');
  if (flags.certify === undefined && (flags.product !== undefined || flags.productVersion !== undefined))
    throw new UsageError('--product and --product-version go with --certify FILE');
  const files = reportFiles(
    {
      ...(typeof flags.json === 'string' ? { json: flags.json } : {}),
      ...(flags.tap ? { tap: flags.tap } : {}),
      ...(flags.junit ? { junit: flags.junit } : {}),
      ...(flags.markdown ? { markdown: flags.markdown } : {}),
      ...(flags.html ? { html: flags.html } : {}),
    },
    flags.out,
  );
  return {
    files,
    stepSummary: flags.stepSummary ?? true,
    ...(flags.baseline
      ? { baseline: { file: flags.baseline, data: await readBaseline(flags.baseline) } }
      : {}),
    ...(flags.writeBaseline ? { writeBaseline: flags.writeBaseline } : {}),
    failOnXpass: flags.failOnXpass ?? false,
    ...(profile ? { profile } : {}),
    ...(flags.certify && flags.product
      ? {
          certify: {
            file: flags.certify,
            product: flags.product,
            ...(flags.productVersion ? { productVersion: flags.productVersion } : {}),
          },
        }
      : {}),
  };
}

/** The run's document with what the reports need beyond the runner's: features, profile, baseline. */
export function finishDocument(
  document: RunDocument,
  reporting: Reporting,
  expect: readonly string[],
): RunDocument {
  const finished: RunDocument = {
    ...document,
    ...(reporting.profile ? { profile: reporting.profile.name } : {}),
    expect,
    ...(reporting.profile && reporting.profile.exclusions.length > 0
      ? { exclusions: reporting.profile.exclusions }
      : {}),
  };
  return reporting.baseline
    ? applyBaseline(finished, reporting.baseline.data, reporting.baseline.file)
    : finished;
}

/** Writes every requested report whole; returns the lines to print. */
export async function writeRunReports(document: RunDocument, reporting: Reporting): Promise<string[]> {
  const lines = document.baseline ? [formatBaselineSummary(document.baseline)] : [];
  lines.push(...(await writeReports(document, reporting.files)));
  if (reporting.certify) {
    await writeWhole(reporting.certify.file, formatCertificate(document, reporting.certify));
    lines.push(`certification report: ${reporting.certify.file}`);
  }
  if (reporting.writeBaseline && !document.complete) {
    lines.push(`baseline not written to ${reporting.writeBaseline}: the run was incomplete`);
  } else if (reporting.writeBaseline) {
    await writeWhole(
      reporting.writeBaseline,
      formatBaseline(recordBaseline(document, reporting.baseline?.data)),
    );
    lines.push(`baseline written: ${reporting.writeBaseline}`);
  }
  return lines;
}

/**
 * After the run: every report written, and under GitHub Actions an annotation per failing case and the Markdown
 * summary appended to the step summary; each file written named on the console.
 */
export async function finishRun(
  document: RunDocument,
  reporting: Reporting,
  out: ConsoleOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  for (const line of await writeRunReports(document, reporting)) out.say(line);
  if (!onGitHubActions(env)) return;
  for (const line of annotations(document)) out.always(line);
  if (reporting.stepSummary) {
    const file = await appendStepSummary(formatMarkdown(document), env);
    if (file) out.say(`Markdown summary appended to the step summary (${file})`);
  }
}

/** Under CI: the variable most CI services set, or GitHub Actions' own. */
export function onCi(env: NodeJS.ProcessEnv): boolean {
  const set = (value: string | undefined) => value !== undefined && value !== '' && value !== 'false';
  return set(env.CI) || onGitHubActions(env);
}

/** The usage error of a selection that names no case. */
export function nothingSelected(only: readonly string[], exclude: readonly string[]): string {
  const chosen = only.length > 0 ? `--only ${only.join(' --only ')}` : 'every case';
  const but = exclude.length > 0 ? ` less --exclude ${exclude.join(' --exclude ')}` : '';
  return `${chosen}${but} selects no case (--list shows the case ids)`;
}

export function runExitCode(document: RunDocument, exitCode: number, reporting: Reporting): number {
  return baselineExitCode(document, exitCode, reporting.failOnXpass);
}
