/**
 * The one door to tap-junit. The JUnit report is tap-junit's, which this project's users asked for; the package's
 * only entry point besides its command line is the serializer its command line uses, which takes test points in
 * the shape tap-parser gives them. So the points are made here straight from the typed results, saying of each
 * case what its TAP test point says (ok, # SKIP, # TODO), and no TAP text is written and parsed again.
 */
import { createRequire } from 'node:module';
import { convert } from 'xmlbuilder2';
import type { CaseResult } from '../model/result.js';
import { tapStatus } from './tap.js';

/** The fields of a tap-parser test point that tap-junit's serializer reads. */
interface TapPoint {
  readonly id: number;
  readonly name: string;
  readonly ok: boolean;
  readonly skip: string | false;
  readonly todo: string | false;
}

/** The counts of tap-parser's final results that the serializer reads. */
interface TapTotals {
  readonly count: number;
  readonly fail: number;
  readonly skip: number;
}

type Serialize = (
  points: readonly TapPoint[],
  totals: TapTotals,
  args: { name: string; classname: string },
) => string;

// CommonJS without typings; `src/serialize.js` is the serializer behind tap-junit's own command line.
const serialize = createRequire(import.meta.url)('tap-junit/src/serialize.js') as Serialize;

export type XmlObject = Record<string, unknown>;

/** A TAP description as tap-parser reads it back: one line, trimmed. */
function pointName(result: CaseResult): string {
  return `${result.id} [${result.clause}] ${result.title}`.replace(/[\r\n]+/g, ' ').trim();
}

/** tap-junit's `testcase` elements (as xmlbuilder2 objects) for one suite's results, in their order. */
export function tapJunitTestcases(results: readonly CaseResult[], suite: string): XmlObject[] {
  const points = results.map((result, index): TapPoint => {
    const status = tapStatus(result);
    return {
      id: index + 1,
      name: pointName(result),
      ok: status.ok,
      skip: status.skip ?? false,
      todo: status.todo ?? false,
    };
  });
  const totals: TapTotals = {
    count: points.length,
    fail: points.filter((p) => !p.ok && p.todo === false).length,
    skip: points.filter((p) => p.skip !== false).length,
  };
  const xml = serialize(points, totals, { name: 'socks-conformance', classname: suite });
  const parsed = convert(xml, { format: 'object' }) as { testsuites: { testsuite: XmlObject } };
  const testcase = parsed.testsuites.testsuite.testcase;
  if (testcase === undefined) return [];
  return Array.isArray(testcase) ? (testcase as XmlObject[]) : [testcase as XmlObject];
}
