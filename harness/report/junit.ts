import { createRequire } from 'node:module';
import { type FinalResults, Parser, type Result } from 'tap-parser';
import { convert, create } from 'xmlbuilder2';
import type { CaseResult, RunDocument } from '../runner/result.js';
import { sectionsOf } from './sections.js';
import { formatTap } from './tap.js';
import { xmlText } from './xml-safe.js';

type Serialize = (
  cases: readonly object[],
  output: FinalResults,
  args: { name: string; classname: string },
) => string;

// tap-junit is CommonJS without typings; its serializer turns tap-parser's test points into JUnit XML.
const serialize = createRequire(import.meta.url)('tap-junit/src/serialize.js') as Serialize;

/** Parses a TAP stream the way tap-junit's own parser front end does, and serializes it with tap-junit. */
function tapJunit(tap: string, suite: string): Promise<string> {
  return new Promise((resolve) => {
    const parser = new Parser();
    const points: Result[] = [];
    parser.on('assert', (point: Result) => points.push(point));
    parser.on('complete', (final: FinalResults) =>
      resolve(serialize(points, final, { name: 'socks-conformance', classname: suite })),
    );
    parser.end(tap);
  });
}

type XmlObject = Record<string, unknown>;

const asList = (value: unknown): XmlObject[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as XmlObject[]) : [value as XmlObject];

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(result: CaseResult): string {
  return xmlText(
    [
      `${result.verdict} ${result.id} [${result.clauses.join(', ')}] ${result.level}`,
      `requirement: ${result.requirement}`,
      'expected one of:',
      ...result.expected.map((e) => `  - ${e}`),
      `observed: ${result.observed}`,
      `matched: ${result.matched}`,
      ...(result.baseline ? [`baseline: ${result.baseline.status}: ${result.baseline.reason}`] : []),
      'trace:',
      result.trace,
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
  const message = xmlText(`${result.verdict}: ${result.matched}`);
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
 * JUnit XML made by tap-junit from one TAP stream per RFC section, so that each section is a `testsuite` and
 * each case a `testcase` named by its id, clause and title.
 */
export async function formatJunit(document: RunDocument): Promise<string> {
  const suites: XmlObject[] = [];
  for (const [section, results] of sectionsOf(document.results)) {
    const xml = await tapJunit(formatTap(document, { results, comments: false }), section);
    const parsed = convert(xml, { format: 'object' }) as { testsuites: { testsuite: XmlObject } };
    const testcases = asList(parsed.testsuites.testsuite.testcase);
    suites.push({
      '@name': xmlText(section),
      ...count(results),
      '@timestamp': document.startedAt,
      '@hostname': xmlText(document.target),
      properties: {
        property: [
          { '@name': 'tool', '@value': `socks-conformance ${xmlText(document.version)}` },
          { '@name': 'target', '@value': xmlText(document.target) },
          { '@name': 'profile', '@value': xmlText(document.profile) },
          { '@name': 'complete', '@value': String(document.complete) },
        ],
      },
      testcase: testcases.map((testcase, index) => shapeTestcase(testcase, results[index]!)),
    });
  }
  const root = {
    testsuites: {
      '@name': xmlText(`socks-conformance ${document.version} against ${document.target}`),
      ...count(document.results),
      testsuite: suites,
    },
  };
  return `${create({ version: '1.0', encoding: 'UTF-8' }, root).end({ prettyPrint: true })}\n`;
}
