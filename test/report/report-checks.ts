import { readFileSync } from 'node:fs';
import { type FinalResults, Parser, type Result } from 'tap-parser';
import { expect } from 'vitest';
import { validateXML } from 'xmllint-wasm';

const schema = readFileSync(new URL('../../fixtures/junit/junit.xsd', import.meta.url), 'utf8');

export interface ParsedTap {
  readonly points: Result[];
  readonly final: FinalResults;
  readonly version?: number;
}

/** Parses a TAP stream with tap-parser, the parser of node-tap. */
export function parseTap(text: string): Promise<ParsedTap> {
  return new Promise((resolve) => {
    const parser = new Parser();
    const points: Result[] = [];
    let version: number | undefined;
    parser.on('version', (v: number) => {
      version = v;
    });
    parser.on('assert', (p: Result) => points.push(p));
    parser.on('complete', (final: FinalResults) =>
      resolve({ points, final, ...(version ? { version } : {}) }),
    );
    parser.end(text);
  });
}

/** Validates a JUnit report against the schema in fixtures/junit/ with libxml2 (compiled to WebAssembly). */
export async function expectValidJunit(xml: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: schema }],
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}
