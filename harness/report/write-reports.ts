import path from 'node:path';
import type { RunDocument } from '../model/result.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatTap } from './tap.js';
import { writeWhole } from './write-file.js';

export const reportFormats = ['json', 'tap', 'junit', 'markdown', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** The file each requested format goes to. */
export type ReportFiles = Partial<Record<ReportFormat, string>>;

/** The names `--out DIR` gives each format. */
const outNames: Record<ReportFormat, string> = {
  json: 'socks-conformance.json',
  tap: 'socks-conformance.tap',
  junit: 'socks-conformance.xml',
  markdown: 'socks-conformance.md',
  html: 'socks-conformance.html',
};

const labels: Record<ReportFormat, string> = {
  json: 'JSON report',
  tap: 'TAP report',
  junit: 'JUnit report',
  markdown: 'Markdown summary',
  html: 'HTML report',
};

/** Files named one by one win over `--out DIR`, which fills in every format not named. */
export function reportFiles(named: ReportFiles, out?: string): ReportFiles {
  const files: ReportFiles = {};
  for (const format of reportFormats) {
    const file = named[format] ?? (out === undefined ? undefined : path.join(out, outNames[format]));
    if (file !== undefined) files[format] = file;
  }
  return files;
}

const render: Record<ReportFormat, (document: RunDocument) => string | Promise<string>> = {
  json: formatJson,
  tap: formatTap,
  junit: formatJunit,
  markdown: formatMarkdown,
  html: formatHtml,
};

/** The file name that means standard output (`--json -`). */
export const STDOUT = '-';

/**
 * Writes each requested report whole (temporary file, then rename), a report named `-` to `stdout`; returns one
 * line per file written.
 */
export function writeReports(
  document: RunDocument,
  files: ReportFiles,
  stdout: (text: string) => void = (text) => process.stdout.write(text),
): Promise<string[]> {
  const rendered: Partial<Record<ReportFormat, () => string | Promise<string>>> = {};
  for (const format of reportFormats) rendered[format] = () => render[format](document);
  return writeRendered(files, rendered, stdout);
}

/**
 * Writes what `render` makes of each format that has a file (any report, a fuzz campaign's too), as
 * `writeReports` does.
 */
export async function writeRendered(
  files: ReportFiles,
  render: Partial<Record<ReportFormat, () => string | Promise<string>>>,
  stdout: (text: string) => void = (text) => process.stdout.write(text),
): Promise<string[]> {
  const written: string[] = [];
  for (const format of reportFormats) {
    const file = files[format];
    const make = render[format];
    if (file === undefined || make === undefined) continue;
    if (file === STDOUT) {
      stdout(await make());
      continue;
    }
    await writeWhole(file, await make());
    written.push(`${labels[format]}: ${file}`);
  }
  return written;
}
