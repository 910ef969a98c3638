/**
 * A fuzz campaign as JUnit XML, built with the XML library the suite's JUnit report is shaped with: one
 * `testsuite` for the campaign, whose properties say what was fuzzed and how; a failing `testcase` per distinct
 * finding, named by its signature (its clause, the input in hex, the annotated trace, how many inputs hit it and
 * the replay command), or one `testcase` for a campaign
 * without a finding: passing, or an `error` when it was interrupted or never reached a client.
 */
import { create } from 'xmlbuilder2';
import { type FuzzFindingRecord, formatFinding } from './fuzz-finding.js';
import { campaignBudget, campaignTarget, type FuzzReport, neverReached } from './fuzz-report.js';
import { xmlText } from './xml-safe.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The testcase of a campaign without a finding: fails to pass only when the campaign proved nothing whole. */
function campaignCase(report: FuzzReport, classname: string): Record<string, unknown> {
  const testcase: Record<string, unknown> = {
    '@name': 'fuzz campaign',
    '@classname': classname,
    '@time': seconds(report.wallMs),
  };
  const ran = `${report.cases} cases (budget ${campaignBudget(report)})`;
  if (report.complete === false)
    testcase.error = {
      '@message': xmlText(`interrupted after ${ran}: no finding in those`),
      '@type': 'interrupted',
    };
  else if (neverReached(report))
    testcase.error = {
      '@message': 'the client never connected to the scripted server',
      '@type': 'unreached',
    };
  else testcase['system-out'] = xmlText(`${ran}, ${report.skipped ?? 0} not sent: no finding`);
  return testcase;
}

function findingCase(
  finding: FuzzFindingRecord,
  file: string | undefined,
  classname: string,
  time: string,
): Record<string, unknown> {
  // The signature after its kind and clause: the oracle and the shape, which tell two findings of one clause apart.
  const rest = finding.signature?.split(' · ').slice(1).join(' · ');
  return {
    '@name': xmlText(`finding [${finding.clause}] ${finding.kind}${rest ? ` · ${rest}` : ''}`),
    '@classname': classname,
    '@time': time,
    failure: {
      '@message': xmlText(`${finding.clause}: ${finding.what}`),
      '@type': finding.kind,
      '#': xmlText(formatFinding(finding, file)),
    },
  };
}

/**
 * The campaign's JUnit XML; `findingFiles[i]` is where finding i was saved, for its replay command (a finding
 * without one says how it was found instead).
 */
export function formatFuzzJunit(
  report: FuzzReport,
  findingFiles: readonly (string | undefined)[] = [],
): string {
  const classname = report.role === 'client' ? 'fuzz client' : 'fuzz';
  const testcases =
    report.findings.length === 0
      ? [campaignCase(report, classname)]
      : report.findings.map((finding, i) =>
          findingCase(finding, findingFiles[i], classname, seconds(report.wallMs / report.findings.length)),
        );
  const failures = report.findings.length;
  const errors = testcases.filter((t) => t.error !== undefined).length;
  const counts = {
    '@tests': testcases.length,
    '@failures': failures,
    '@errors': errors,
    '@skipped': 0,
    '@time': seconds(report.wallMs),
  };
  const shard = report.shard
    ? `${report.shard.index}/${report.shard.count}`
    : report.shards
      ? `merged ${report.shards.join(', ')}`
      : 'none';
  const property = (name: string, value: string | number | boolean) => ({
    '@name': name,
    '@value': xmlText(String(value)),
  });
  const target = campaignTarget(report);
  const root = {
    testsuites: {
      '@name': xmlText(`socks-conformance ${report.toolVersion} ${classname} against ${target}`),
      ...counts,
      testsuite: {
        '@name': classname,
        ...counts,
        '@timestamp': report.startedAt,
        properties: {
          property: [
            property('tool', `socks-conformance ${report.toolVersion}`),
            property('target', target),
            property('seed', report.seed),
            property('budget', campaignBudget(report)),
            property('shard', shard),
            property('jobs', report.jobs),
            property('versions', report.versions.join(', ')),
            property('cases', report.cases),
            property('not sent', report.skipped ?? 0),
            property('complete', report.complete !== false),
            property('distinct findings', report.findings.length),
            property('inputs that hit them', report.hits ?? report.findings.length),
            property('stop on first', report.stopOnFirst === true),
          ],
        },
        testcase: testcases,
      },
    },
  };
  return `${create({ version: '1.0', encoding: 'UTF-8' }, root).end({ prettyPrint: true })}\n`;
}
