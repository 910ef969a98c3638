/**
 * `npm run known-bugs`: obtains the implementation of every entry of fixtures/known-bugs/ (apt-get, npm), runs
 * exactly its catching cases (and fuzz campaigns) against it on loopback, prints the table and "N of M caught",
 * and with `--json FILE` writes the same as JSON. Exit 0 when every obtainable entry is caught, 1 otherwise,
 * 2 for bad usage or a malformed catalogue file.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../cli/usage-error.js';
import { globToRegExp } from '../../harness/model/filter.js';
import { ExitCode } from '../../harness/model/verdict.js';
import { prepareFolder, writeWhole } from '../../harness/report/write-file.js';
import { projectRoot } from '../real/paths.js';
import { readCatalogue } from './catalogue.js';
import { anyObtainableUncaught, formatTable, knownBugsDocument } from './report.js';
import { runCatalogue } from './run-known-bug.js';

const usage = `usage: npm run known-bugs -- [--only ID]... [--jobs N] [--timeout-multiplier X] [--json FILE]
  --only ID                 run only the entries whose id matches (a glob; repeatable)
  --jobs N                  entries run at once (default 3)
  --timeout-multiplier X    scale every deadline (default 1)
  --json FILE               also write the outcome as JSON to FILE`;

function positive(option: string, value: string | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(
      `${option} must be a positive ${integer ? 'integer' : 'number'}, not ${JSON.stringify(value)}`,
    );
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  let values: {
    only?: string[];
    jobs?: string;
    'timeout-multiplier'?: string;
    json?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string', multiple: true },
        jobs: { type: 'string' },
        'timeout-multiplier': { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (--help for usage)`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return ExitCode.OK;
  }
  const jobs = positive('--jobs', values.jobs, 3, true);
  const timeoutMultiplier = positive('--timeout-multiplier', values['timeout-multiplier'], 1, false);
  if (values.json !== undefined) {
    const file = values.json;
    await prepareFolder(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--json ${file}: ${error.code ?? error.message}`);
    });
  }
  // Launchers and client commands name files relative to the project root.
  process.chdir(projectRoot);
  let bugs = await readCatalogue();
  if (values.only) {
    const patterns = values.only.map(globToRegExp);
    bugs = bugs.filter((b) => patterns.some((p) => p.test(b.id)));
    if (bugs.length === 0)
      throw new UsageError(`--only ${values.only.join(' ')}: no known bug has such an id`);
  }
  const startedAt = new Date();
  const outcomes = await runCatalogue(bugs, {
    jobs,
    timeoutMultiplier,
    onOutcome: (o) =>
      process.stderr.write(
        `${o.id}: ${o.status}${o.reason ? ` (${o.reason})` : ''} in ${(o.durationMs / 1000).toFixed(1)} s\n`,
      ),
  });
  process.stdout.write(`\n${formatTable(outcomes)}`);
  if (values.json !== undefined) {
    await writeWhole(values.json, `${JSON.stringify(knownBugsDocument(startedAt, outcomes), null, 2)}\n`);
    process.stdout.write(`JSON: ${values.json}\n`);
  }
  return anyObtainableUncaught(outcomes) ? ExitCode.FAILED : ExitCode.OK;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usageError = error instanceof UsageError;
    process.stderr.write(`npm run known-bugs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usageError ? ExitCode.USAGE : ExitCode.INTERNAL;
  },
);
