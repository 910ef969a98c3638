import path from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../harness/model/verdict.js';
import { buildMatrix, type MatrixColumn } from '../harness/report/matrix.js';
import { formatMatrixHtml } from '../harness/report/matrix-html.js';
import { formatMatrixMarkdown } from '../harness/report/matrix-markdown.js';
import { writeWhole } from '../harness/report/write-file.js';
import { readRunReport } from './report-file.js';
import { UsageError } from './usage-error.js';

export interface MatrixFlags {
  html?: string;
  markdown?: string;
}

/** Enough of a JSON report besides its results to place it in the matrix; the rest is kept as it is. */
const documentFields = { target: z.string(), profile: z.string(), startedAt: z.string() };

/** `socks-conformance matrix a.json b.json …`: targets × cases, with the cases where targets disagree. */
export async function matrixCommand(files: string[], flags: MatrixFlags): Promise<number> {
  if (files.length < 2) throw new UsageError('matrix needs two or more JSON reports');
  const columns: MatrixColumn[] = [];
  for (const file of files) {
    const { document } = await readRunReport('matrix', file, documentFields);
    const name = path.basename(file, '.json');
    columns.push({
      label: document.profile !== 'default' ? `${document.profile} (${name})` : name,
      document,
    });
  }
  const matrix = buildMatrix(columns);
  const markdown = formatMatrixMarkdown(matrix);
  if (flags.html) {
    await writeWhole(flags.html, formatMatrixHtml(matrix));
    process.stdout.write(`matrix HTML: ${flags.html}\n`);
  }
  if (flags.markdown) {
    await writeWhole(flags.markdown, markdown);
    process.stdout.write(`matrix Markdown: ${flags.markdown}\n`);
  }
  if (!flags.html && !flags.markdown) process.stdout.write(markdown);
  return ExitCode.OK;
}
