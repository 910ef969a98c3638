import { create } from 'xmlbuilder2';
import { defectsOf, describeFailCount } from '../model/defects.js';
import { acceptable, explain } from '../model/outcome.js';
import { type CaseResult, type RunDocument, targetName } from '../model/result.js';
import { formatTrace } from '../net/hexdump.js';
import { sectionsOf } from './sections.js';
import { tapJunitTestcases, type XmlObject } from './tap-junit.js';
import { xmlText } from './xml-safe.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(result: CaseResult): string {
  return xmlText(
    [
      `${result.verdict} ${result.id} [${result.clauses.join(', ')}] ${result.level}`,
      `requirement: ${result.requirement}`,
      'expected one of:',
      ...acceptable(result).map((e) => `  - ${e}`),
      `observed: ${result.observed}`,
      `matched: ${explain(result)}`,
      ...(result.baseline ? [`baseline: ${result.baseline.status}: ${result.baseline.reason}`] : []),
      'trace:',
      formatTrace(result.trace),
      `re-run: ${result.rerun}`,
    ].join('\n'),
  );
}

/**
 * What tap-junit leaves out, put into its testcase: a classname (the RFC section, by which GitLab and Jenkins
 * group), the time, an `error` element for ERROR, known failures as skipped, and the full diagnostics with the
 * trace as element text rather than a one-line attribute.
 */
function shapeTestcase(testcase: XmlObject, result: CaseResult): XmlObject {
  const shaped: XmlObject = {
    '@name': testcase['@name'],
    '@classname': xmlText(result.section),
    '@time': seconds(result.durationMs),
  };
  const message = xmlText(`${result.verdict}: ${explain(result)}`);
  if (result.baseline?.status === 'known-failure')
    shaped.skipped = { '@message': xmlText(`known failure (${result.verdict}): ${result.baseline.reason}`) };
  else if (testcase.skipped !== undefined) shaped.skipped = { '@message': message };
  else if (result.verdict === 'ERROR')
    shaped.error = { '@message': message, '@type': 'ERROR', '#': details(result) };
  else if (testcase.failure !== undefined)
    shaped.failure = { '@message': message, '@type': result.verdict, '#': details(result) };
  // A failure or error carries the details already; anything else that is not a plain pass shows them here.
  const explained = shaped.failure !== undefined || shaped.error !== undefined;
  if (!explained && (result.verdict !== 'PASS' || result.baseline)) shaped['system-out'] = details(result);
  return shaped;
}

function count(results: readonly CaseResult[]) {
  const known = (r: CaseResult) => r.baseline?.status === 'known-failure';
  return {
    '@tests': results.length,
    '@failures': results.filter((r) => r.verdict === 'FAIL' && !known(r)).length,
    '@errors': results.filter((r) => r.verdict === 'ERROR' && !known(r)).length,
    '@skipped': results.filter((r) => r.verdict === 'SKIP' || r.verdict === 'UNSUPPORTED' || known(r)).length,
    '@time': seconds(results.reduce((sum, r) => sum + r.durationMs, 0)),
  };
}

/**
 * JUnit XML made by tap-junit, one `testsuite` per RFC section and each case a `testcase` named by its id, clause
 * and title.
 */
export function formatJunit(document: RunDocument): string {
  const suites: XmlObject[] = [];
  for (const [section, results] of sectionsOf(document.results)) {
    const testcases = tapJunitTestcases(results, section);
    suites.push({
      '@name': xmlText(section),
      ...count(results),
      '@timestamp': document.startedAt,
      '@hostname': xmlText(document.target),
      properties: {
        property: [
          { '@name': 'tool', '@value': `socks-conformance ${xmlText(document.version)}` },
          { '@name': 'target', '@value': xmlText(targetName(document)) },
          { '@name': 'profile', '@value': xmlText(document.profile) },
          { '@name': 'complete', '@value': String(document.complete) },
          ...defectsOf(document.results).map((d, i) => ({
            '@name': `defect ${i + 1}`,
            '@value': xmlText(`[${d.clause}] ${d.title}: ${d.cases.join(', ')}`),
          })),
        ],
      },
      testcase: testcases.map((testcase, index) => shapeTestcase(testcase, results[index]!)),
    });
  }
  const root = {
    testsuites: {
      '@name': xmlText(
        `socks-conformance ${document.version} against ${targetName(document)}${describeFailCount(document.results) ? `: ${describeFailCount(document.results)}` : ''}`,
      ),
      ...count(document.results),
      testsuite: suites,
    },
  };
  return `${create({ version: '1.0', encoding: 'UTF-8' }, root).end({ prettyPrint: true })}\n`;
}
