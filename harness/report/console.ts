import { type Capabilities, CREDENTIALS_REFUSED, type ProbedCapability } from '../model/capabilities.js';
import { defectsOf, describeFailCount } from '../model/defects.js';
import { acceptable, explain } from '../model/outcome.js';
import { type CaseResult, type RunDocument, type TargetLost, targetName } from '../model/result.js';
import { verdicts } from '../model/verdict.js';
import { formatTrace } from '../net/hexdump.js';
import { methodName } from '../wire/constants.js';

/** One line per case: verdict, id, clause, and for a non-pass what matched. */
export function formatResultLine(result: CaseResult): string {
  const note = result.verdict === 'PASS' ? '' : `  — ${explain(result)}`;
  return `${result.verdict.padEnd(11)} ${result.id}  [${result.clause}]  ${result.durationMs}ms${note}`;
}

const detailed = new Set(['FAIL', 'ERROR', 'WARN']);

/** For a FAIL (and WARN, ERROR): the outcomes accepted, what was observed, the trace and a re-run command. */
export function formatFailure(result: CaseResult): string {
  const lines = [
    `── ${result.verdict} ${result.id} [${result.clause}] ${result.level}`,
    `   ${result.title}`,
    `   requirement: ${result.requirement}`,
    '   expected one of:',
    ...acceptable(result).map((e) => `     - ${e}`),
    `   observed: ${result.observed}`,
    '   trace:',
    ...formatTrace(result.trace)
      .split('\n')
      .map((line) => `     ${line}`),
    `   re-run: ${result.rerun}`,
  ];
  return lines.join('\n');
}

/** A probed capability: yes or no, with the probe's answer when it was not served, and the case that was. */
function answer(capabilities: Capabilities, what: ProbedCapability, request: string): string {
  const found = capabilities[what];
  if (found === undefined) return 'not asked';
  const probe = capabilities.probeAnswers?.[what];
  const got = probe === undefined ? undefined : `the probe's ${request} got ${probe}`;
  const served = capabilities.servedIn?.[what];
  if (found && served !== undefined)
    return `yes (served in ${served}; ${got ?? "the probe's was not served"})`;
  return found ? 'yes' : `no (${got ?? 'not served'})`;
}

/** What the capability probe found, in one line. */
export function formatCapabilities(capabilities: Capabilities | undefined): string {
  if (!capabilities) return 'client run: the harness played the server, nothing was probed';
  const methods =
    capabilities.acceptedMethods.map(methodName).join(', ') || 'none of NO-AUTH, USERNAME/PASSWORD, GSSAPI';
  const credentials = capabilities.credentialsAccepted === false ? [CREDENTIALS_REFUSED] : [];
  return [
    `target selects ${methods}`,
    ...credentials,
    `BIND ${answer(capabilities, 'bind', 'BIND')}`,
    `UDP ASSOCIATE ${answer(capabilities, 'udp', 'UDP ASSOCIATE')}`,
    `IPv6 destinations ${answer(capabilities, 'ipv6', 'CONNECT')}`,
    `domain names ${answer(capabilities, 'names', 'CONNECT')}`,
  ].join('; ');
}

/** The one line `--quiet` prints: cases, target, time, verdict counts, and whether the run was cut short. */
export function formatSummaryLine(document: RunDocument): string {
  const counts = verdicts
    .filter((v) => (document.summary[v] ?? 0) > 0)
    .map((v) => (v === 'FAIL' ? describeFailCount(document.results) : `${document.summary[v]} ${v}`))
    .join(', ');
  const cut = document.complete ? '' : ' (incomplete)';
  return `${document.summary.total} cases against ${targetName(document)} in ${(document.summary.wallMs / 1000).toFixed(1)} s: ${counts}${cut}`;
}

/** Where the run stopped: the case that stopped the target, else every case that was running then. */
export function describeTargetLost(lost: TargetLost): string {
  const { culprits = [], suspects = [], reason } = lost;
  if (culprits.length > 0) return `stopped answering during ${culprits.join(', ')}: ${reason}`;
  if (suspects.length > 0)
    return `stopped answering while ${suspects.join(', ')} ran (which one stopped it is unknown): ${reason}`;
  return `stopped answering after case ${lost.afterCase}: ${reason}`;
}

export function formatSummary(document: RunDocument): string {
  const lines = [formatCapabilities(document.capabilities), formatSummaryLine(document)];
  if (document.targetLost) lines.push(`target ${describeTargetLost(document.targetLost)}`);
  if (!document.complete && !document.targetLost) lines.push('run interrupted: the results are incomplete');
  return lines.join('\n');
}

export function formatDetails(document: RunDocument): string {
  const failures = document.results.filter((r) => detailed.has(r.verdict)).map(formatFailure);
  const defects = formatDefects(document);
  return [...failures, ...(defects ? [defects] : [])].join('\n\n');
}

/** The distinct defects, each with the cases that show it. */
export function formatDefects(document: RunDocument): string {
  const defects = defectsOf(document.results);
  if (defects.length === 0) return '';
  return [
    `${describeFailCount(document.results)}:`,
    ...defects.map((d, i) => `  ${i + 1}. [${d.clause}] ${d.title}\n     ${d.cases.join(', ')}`),
  ].join('\n');
}
