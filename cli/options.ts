/**
 * The options the commands share, declared once each and added to every command that takes them, under the
 * headings `--help` shows.
 */
import { type Command, Option } from 'commander';
import { features } from '../harness/model/case.js';

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function targetOptions(command: Command, what: 'test' | 'fuzz'): Command {
  return command
    .optionsGroup('Target:')
    .addOption(
      new Option(
        '-t, --target <host:port|url>',
        `the SOCKS server to ${what}: 127.0.0.1:1080, [::1]:1080, name:1080, or socks5://, socks5h://, socks4://, socks4a:// URL (user:password@ as --user, --password)`,
      ).conflicts(['targetCmd', 'targetImage', 'referenceFault']),
    )
    .addOption(
      new Option(
        '--target-cmd <command>',
        `start the server to ${what}, a command with {port} (and {host}); restarted after a crash`,
      ).conflicts(['targetImage', 'referenceFault']),
    )
    .addOption(
      new Option(
        '--target-image <image>',
        `start the server to ${what} from a Docker image (needs the optional package testcontainers)`,
      ).conflicts('referenceFault'),
    )
    .option('--target-port <port>', 'with --target-image: the SOCKS port inside the container (default 1080)')
    .option(
      '--reference-fault <name>',
      'no target: the built-in reference server with a fault switched on, a mutant (repeatable)',
      collect,
    )
    .addOption(new Option('--user <name>', 'RFC 1929 username').env('SOCKS_CONFORMANCE_USER'))
    .addOption(
      new Option('--password <secret>', 'RFC 1929 password; never printed').env('SOCKS_CONFORMANCE_PASSWORD'),
    );
}

export function networkOptions(command: Command): Command {
  return command
    .option(
      '--echo-host <address>',
      'the address of this host the target reaches the echo network at (default 127.0.0.1)',
    )
    .option(
      '--alt-source <address>',
      'a second address of this host, whose traffic the target must refuse (default 127.0.0.2)',
    );
}

export function selectionOptions(command: Command, cases: 'cases' | 'client cases'): Command {
  return command
    .optionsGroup('Selection:')
    .option('--only <glob>', `run only ${cases} whose id or clause id matches (repeatable)`, collect)
    .option('--exclude <glob>', `skip ${cases} whose id or clause id matches (repeatable)`, collect)
    .option('--list', `list the ${cases} with their clause ids instead of running them`)
    .option('--clauses', `with --list: every clause with the ${cases} that check it, or why none can`);
}

export function reportOptions(command: Command): Command {
  command
    .optionsGroup('Reports:')
    .option(
      '--json [file]',
      "write the JSON report to FILE ('-': to stdout, the console to stderr; with --list: print the list as JSON)",
    )
    .option('--tap <file>', 'write a TAP 14 report to FILE')
    .option('--junit <file>', 'write a JUnit XML report to FILE (one testsuite per spec section)')
    .option('--markdown <file>', 'write a Markdown summary to FILE')
    .option('--html <file>', 'write a self-contained HTML report to FILE')
    .option('--out <dir>', 'write every report format not named otherwise into DIR');
  return consoleOptions(command);
}

/** The reports of `fuzz` and `fuzz client`: the finding file's folder, and the campaign's report formats. */
export function fuzzReportOptions(command: Command): Command {
  command
    .optionsGroup('Reports:')
    .option('--out <dir>', 'folder for the finding file', 'reports/fuzz')
    .option(
      '--json <file>',
      "write the campaign report (seed, shard, cases, finding) to FILE ('-': to stdout, the console to stderr)",
    )
    .option('--junit <file>', 'write the campaign as JUnit XML to FILE (a finding is a failing testcase)')
    .option('--markdown <file>', 'write a Markdown summary of the campaign to FILE');
  return consoleOptions(command);
}

/** How much the console prints, and the GitHub Actions step summary. */
function consoleOptions(command: Command): Command {
  return command
    .option('--quiet', 'print only the summary line')
    .option('--ci', 'plain lines on a terminal too: no live status line, no colour (also NO_COLOR)')
    .option(
      '--no-step-summary',
      'under GitHub Actions, do not append the Markdown summary to $GITHUB_STEP_SUMMARY',
    );
}

export function certificationOptions(command: Command): Command {
  return command
    .optionsGroup('Certification and baselines:')
    .option(
      '--profile <file>',
      'a JSON profile: target, expected features, credentials from env, exclusions with reasons',
    )
    .option(
      '--expect <features>',
      `optional features the target must have, comma-separated (${features.join(', ')}); absent = FAIL`,
      collect,
    )
    .option('--strict', 'a violated SHOULD (WARN) counts as FAIL')
    .option(
      '--baseline <file>',
      'known failures ({ knownFailures: [{ id, reason }] }, or an earlier JSON report): only regressions fail',
    )
    .option('--write-baseline <file>', "write this run's failures as a baseline to FILE")
    .option('--fail-on-xpass', 'with --baseline: a known failure that now passes fails the run too')
    .option('--certify <file>', 'write a printable certification report (HTML) to FILE; needs --product')
    .option('--product <name>', 'with --certify: the product tested, as the report should name it')
    .option('--product-version <version>', 'with --certify: the version of the product tested');
}

export function tuningOptions(
  command: Command,
  jobs: number | 'auto',
  runs: 'cases' | 'fuzz cases',
): Command {
  const what =
    jobs === 'auto'
      ? `${runs} run at once; auto: 8 at work, and beside them up to 128 in all that only wait (a number: that many, whatever they do)`
      : `${runs} run at once`;
  return command
    .optionsGroup('Tuning:')
    .option('-j, --jobs <n>', what, String(jobs))
    .option('--timeout-multiplier <x>', 'scale every deadline (slow CI, remote targets)', '1');
}

export function shardOptions(command: Command, what: string): Command {
  return command.option(
    '--shard <K/N>',
    `run only part K of N of ${what} (join the JSON reports with merge)`,
  );
}

/** Examples at the end of a help page. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

export const environment =
  '\nEnvironment: SOCKS_CONFORMANCE_USER, SOCKS_CONFORMANCE_PASSWORD (RFC 1929 credentials); NO_COLOR,\n' +
  'FORCE_COLOR; CI (a run without a target warns that it tests the built-in reference server);\n' +
  'GITHUB_ACTIONS=true (an ::error/::warning annotation per failing case, the Markdown summary appended to\n' +
  '$GITHUB_STEP_SUMMARY).';

/** The environment variables a fuzz campaign reads; a server campaign's also the RFC 1929 credentials. */
export function fuzzEnvironment(credentials: boolean): string {
  const login = credentials
    ? 'SOCKS_CONFORMANCE_USER, SOCKS_CONFORMANCE_PASSWORD (RFC 1929 credentials);\n'
    : '';
  return `\nEnvironment: ${login}NO_COLOR, FORCE_COLOR; GITHUB_ACTIONS=true (an ::error annotation per finding, the\nMarkdown summary appended to $GITHUB_STEP_SUMMARY).`;
}

export const exitCodes =
  '\nExit codes: 0 no FAIL and no ERROR; 1 a FAIL or ERROR; 2 bad usage; 3 target unreachable or sanity probe\nfailed; 4 internal error; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).';
