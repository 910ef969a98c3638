import { type ReportFiles, reportFiles } from '../harness/report/write-reports.js';
import { UsageError } from './usage-error.js';

/** The report options of a server run. */
export interface ReportFlags {
  json?: string | boolean;
  tap?: string;
  junit?: string;
  markdown?: string;
  html?: string;
  out?: string;
}

/** Which file each report goes to; checked before the run so that a bad option costs no run. */
export function parseReportFlags(flags: ReportFlags): ReportFiles {
  if (flags.json === true) throw new UsageError('--json needs a file name when running cases');
  const named = {
    tap: flags.tap,
    junit: flags.junit,
    markdown: flags.markdown,
    html: flags.html,
    out: flags.out,
  };
  for (const [name, value] of Object.entries(named))
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a file name`);
  return reportFiles(
    {
      ...(typeof flags.json === 'string' ? { json: flags.json } : {}),
      ...(flags.tap ? { tap: flags.tap } : {}),
      ...(flags.junit ? { junit: flags.junit } : {}),
      ...(flags.markdown ? { markdown: flags.markdown } : {}),
      ...(flags.html ? { html: flags.html } : {}),
    },
    flags.out,
  );
}
