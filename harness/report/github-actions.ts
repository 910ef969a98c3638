/**
 * GitHub Actions' own output: an annotation per failing case or fuzz finding (`::error`, `::warning` workflow
 * commands) and the Markdown summary appended to the job's step summary file.
 */
import { appendFile } from 'node:fs/promises';
import type { CaseResult, RunDocument } from '../model/result.js';
import { type FuzzFindingRecord, replayCommand } from './fuzz-finding.js';

/** Under GitHub Actions (`GITHUB_ACTIONS=true`, which the runner sets). */
export function onGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions: a message is one line.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const levels: Partial<Record<CaseResult['verdict'], 'error' | 'warning'>> = {
  FAIL: 'error',
  ERROR: 'error',
  WARN: 'warning',
};

/** One workflow command per FAIL or ERROR (`::error`) and WARN (`::warning`); a baseline's known failures stay quiet. */
export function annotations(document: Pick<RunDocument, 'results'>): string[] {
  return document.results.flatMap((result) => {
    const level = levels[result.verdict];
    if (level === undefined || result.baseline?.status === 'known-failure') return [];
    const title = escapeProperty(`${result.verdict} ${result.id} [${result.clause}]`);
    const message = escapeData(`${result.requirement} — observed: ${result.observed}`);
    return [`::${level} title=${title}::${message}`];
  });
}

/** A fuzz finding's `::error`: the clause as its title; what went wrong and the command that replays it. */
export function findingAnnotation(
  finding: Pick<FuzzFindingRecord, 'clause' | 'what' | 'role'>,
  file: string | undefined,
): string {
  const title = escapeProperty(`FINDING [${finding.clause}]`);
  const replay = file === undefined ? '' : ` — replay: ${replayCommand(file, finding.role)}`;
  return `::error title=${title}::${escapeData(`${finding.what}${replay}`)}`;
}

/**
 * Appends `markdown` to the step summary file GitHub names in GITHUB_STEP_SUMMARY (never replacing what earlier
 * steps wrote). Returns the file written, or undefined when there is none.
 */
export async function appendStepSummary(
  markdown: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!onGitHubActions(env) || file === undefined || file === '') return undefined;
  await appendFile(file, `${markdown.trimEnd()}\n\n`);
  return file;
}
