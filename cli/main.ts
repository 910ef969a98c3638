#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { features } from '../harness/model/case.js';
import { ExitCode } from '../harness/model/verdict.js';
import { toolVersion } from '../harness/version.js';
import { type ClientFlags, clientCommand } from './client-command.js';
import { type FuzzClientFlags, fuzzClientCommand } from './fuzz-client-command.js';
import { type FuzzFlags, fuzzCommand } from './fuzz-command.js';
import { type MatrixFlags, matrixCommand } from './matrix-command.js';
import { type MergeFlags, mergeCommand } from './merge-command.js';
import { collect } from './parse-options.js';
import { type ReferenceClientFlags, referenceClientCommand } from './reference-client-command.js';
import { type RunFlags, runCommand } from './run-command.js';
import { type ServeFlags, serveCommand } from './serve-command.js';
import { UsageError } from './usage-error.js';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.OK);
  throw error;
});

const program = new Command('socks-conformance')
  .description(
    'Conformance test suite for SOCKS servers. Without --target it runs against its built-in reference server.',
  )
  .version(toolVersion)
  .exitOverride()
  // Options after a subcommand (`client --only …`) belong to the subcommand.
  .enablePositionalOptions()
  .option('-t, --target <host:port>', 'the SOCKS server to test (IPv4, [IPv6]:port or hostname:port)')
  .option(
    '--target-cmd <command>',
    "start the server to test: a command with {port} (and {host}), e.g. 'microsocks -i 127.0.0.1 -p {port}'",
  )
  .option('--target-image <image>', 'start the server to test from a Docker image (testcontainers)')
  .option('--target-port <port>', 'with --target-image: the SOCKS port inside the container (default 1080)')
  .option('--only <glob>', 'run only cases whose id or clause id matches (repeatable)', collect, [])
  .option('--exclude <glob>', 'skip cases whose id or clause id matches (repeatable)', collect, [])
  .option('--list', 'list the cases with their clause ids instead of running them')
  .option('--clauses', 'with --list: every clause with the cases that check it, or why none can')
  .option('--json [file]', 'write the JSON report to FILE (with --list: print the list as JSON)')
  .option('--tap <file>', 'write a TAP 14 report to FILE')
  .option('--junit <file>', 'write a JUnit XML report to FILE (one testsuite per RFC section)')
  .option('--markdown <file>', 'write a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)')
  .option('--html <file>', 'write a self-contained HTML report to FILE')
  .option(
    '--out <dir>',
    'write every report format into DIR (socks-conformance.json, .tap, .xml, .md, .html)',
  )
  .option('--baseline <file>', 'known failures ({ knownFailures: [{ id, reason }] }): only regressions fail')
  .option('--write-baseline <file>', "write this run's failures as a baseline to FILE")
  .option('--fail-on-xpass', 'with --baseline: a known failure that now passes fails the run too')
  .option('--profile <file>', 'a JSON profile: target, expected features, credentials from env, exclusions')
  .option('--certify <file>', 'write a printable certification report (HTML) to FILE; needs --product')
  .option('--product <name>', 'with --certify: the product tested, as it should appear on the report')
  .option('--product-version <version>', 'with --certify: the version of the product tested')
  .option('--ci', 'plain lines on a terminal too: no live status line, no colour (also NO_COLOR)')
  .option('-j, --jobs <n>', 'cases run at once', '8')
  .option('--repeat <n>', 'run each selected case N times; a case whose verdict differs is flaky (ERROR)')
  .option('--shard <K/N>', 'run only part K of N of the selected cases (join the JSON reports with merge)')
  .option('--timeout-multiplier <x>', 'scale every deadline (slow CI, remote targets)', '1')
  .option('--strict', 'a violated SHOULD (WARN) counts as FAIL')
  .option(
    '--expect <features>',
    `optional features the target must have, comma-separated (${features.join(', ')}); absent = FAIL`,
    collect,
    [],
  )
  .option(
    '--alt-source <address>',
    'a second address of this host from which the target must refuse traffic (default 127.0.0.2)',
  )
  .option('--user <name>', 'RFC 1929 username (or SOCKS_CONFORMANCE_USER)')
  .option('--password <secret>', 'RFC 1929 password (or SOCKS_CONFORMANCE_PASSWORD); never printed')
  .option('--echo-host <address>', 'address of this host that the target can reach (default 127.0.0.1)')
  .addOption(
    new Option(
      '--reference-fault <name>',
      'run against the built-in reference server with a fault switched on (repeatable)',
    )
      .argParser(collect)
      .default([]),
  )
  .addHelpText(
    'after',
    '\nExit codes: 0 no FAIL and no ERROR; 1 a FAIL or ERROR; 2 bad usage; 3 target unreachable or sanity probe failed;\n4 internal error; 130 interrupted.',
  )
  .action(async (flags: RunFlags) => {
    process.exitCode = await runCommand(flags);
  });

program
  .command('matrix')
  .description('targets × cases from two or more JSON reports, marking cases where targets disagree')
  .argument('<reports...>', 'JSON reports (--json) of runs against different targets')
  .option('--html <file>', 'write the matrix as a self-contained HTML page')
  .option('--markdown <file>', 'write the cases where targets differ as Markdown (default: print it)')
  .action(async (reports: string[], flags: MatrixFlags) => {
    process.exitCode = await matrixCommand(reports, flags);
  });

program
  .command('merge')
  .description(
    'join the JSON reports of the shards of one run or fuzz campaign (--shard K/N) into one report',
  )
  .argument('<reports...>', 'JSON reports (--json) of every shard')
  .requiredOption('--json <file>', 'write the joined JSON report to FILE')
  .action(async (reports: string[], flags: MergeFlags) => {
    process.exitCode = await mergeCommand(reports, flags);
  });

program
  .command('serve')
  .description('run the reference SOCKS server')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('-p, --port <port>', 'port to listen on (0 picks one)', '1080')
  .option('--fault <name>', 'switch on a fault, making a mutant (repeatable)', collect, [])
  .option('--user <name>', 'RFC 1929 username accepted (default socks)')
  .option('--password <secret>', 'RFC 1929 password accepted (default conformance)')
  .action(async (flags: ServeFlags) => {
    process.exitCode = await serveCommand(flags);
  });

program
  .command('client')
  .description('test a SOCKS client: run --exec once per case against a scripted SOCKS server')
  .option(
    '--exec <command>',
    'the client command; placeholders {proxy} {proxy_host} {proxy_port} {user} {password} {host} {port} {path} ' +
      "{url}; without it, each case's proxy is printed and the case waits 60 s for you to point a client at it",
  )
  .option(
    '--socks-version <v>',
    'the one SOCKS version the client speaks (5, 4 or 4a), for a command with no scheme in it (nc -X 5): ' +
      'cases of the other versions are SKIP without running it',
  )
  .option('--only <glob>', 'run only cases whose id or clause id matches (repeatable)', collect, [])
  .option('--exclude <glob>', 'skip cases whose id or clause id matches (repeatable)', collect, [])
  .option('--list', 'list the client cases with their clause ids')
  .option('--clauses', 'with --list: every clause with the client cases that check it, or why none can')
  .option('--json [file]', 'write the JSON report to FILE (with --list: print the list as JSON)')
  .option('-j, --jobs <n>', 'cases run at once', '4')
  .option('--timeout-multiplier <x>', 'scale every deadline (slow clients, slow CI)', '1')
  .option('--strict', 'a violated SHOULD (WARN) counts as FAIL')
  .option('--tap <file>', 'write a TAP 14 report to FILE')
  .option('--junit <file>', 'write a JUnit XML report to FILE')
  .option('--markdown <file>', 'write a Markdown summary to FILE')
  .option('--html <file>', 'write a self-contained HTML report to FILE')
  .option('--out <dir>', 'write every report format not named to DIR (socks-conformance.json, .tap, …)')
  .action(async (flags: ClientFlags) => {
    process.exitCode = await clientCommand(flags);
  });

program
  .command('fuzz')
  .description('fuzz a SOCKS server: generated, mutated, randomly segmented inputs judged by the RFC oracles')
  .option('-t, --target <host:port>', 'the SOCKS server to fuzz (default: the built-in reference server)')
  .option(
    '--target-cmd <command>',
    'start the server to fuzz: a command with {port}; restarted after a crash',
  )
  .option('--runs <n>', 'cases to run (default 1000)')
  .option('--time <duration>', 'run for this long instead (60s, 2m)')
  .option('--seed <n>', 'the random seed (printed; default random)')
  .option('-j, --jobs <n>', 'cases run at once (a finding is replayed and shrunk alone)', '16')
  .option('--shard <K/N>', 'run only part K of N of the campaign (every shard with the same --seed)')
  .option('--json <file>', 'write the campaign report (seed, shard, cases, finding) to FILE')
  .option(
    '--version <v>',
    'SOCKS versions to fuzz: 4, 4a, 5 (repeatable or comma-separated; default all)',
    collect,
    [],
  )
  .option('--out <dir>', 'folder for the finding file', 'reports/fuzz')
  .option('--replay <file>', 'replay a saved finding once and say whether it reproduces')
  .option(
    '--reference-fault <name>',
    'fuzz the built-in reference server with a fault (repeatable)',
    collect,
    [],
  )
  .option('--timeout-multiplier <x>', 'scale every deadline', '1')
  .option('--user <name>', 'RFC 1929 username (or SOCKS_CONFORMANCE_USER)')
  .option('--password <secret>', 'RFC 1929 password (or SOCKS_CONFORMANCE_PASSWORD); never printed')
  .addHelpText(
    'after',
    '\nExit codes: 0 no finding (replay: not reproduced); 1 a finding; 2 bad usage; 3 target unreachable.',
  )
  .action(async (flags: FuzzFlags) => {
    process.exitCode = await fuzzCommand(flags);
  })
  // Options after `fuzz client` belong to it.
  .enablePositionalOptions()
  .command('client')
  .description('fuzz a SOCKS client: run --exec against a scripted server answering with generated replies')
  .option(
    '--exec <command>',
    'the client command, with the placeholders of the client subcommand ({proxy} {url} …)',
  )
  .option('--runs <n>', 'cases to run (default 100): one client run each')
  .option('--time <duration>', 'run for this long instead (60s, 2m)')
  .option('--seed <n>', 'the random seed (printed; default random)')
  .option('--out <dir>', 'folder for the finding file', 'reports/fuzz')
  .option('--replay <file>', 'replay a saved client finding once')
  .option('--timeout-multiplier <x>', 'scale every deadline', '1')
  .action(async (flags: FuzzClientFlags) => {
    process.exitCode = await fuzzClientCommand(flags);
  });

program
  .command('reference-client')
  .description('the reference SOCKS client: fetch an http:// URL through a proxy and print the body')
  .requiredOption('--proxy <host:port>', 'the SOCKS proxy')
  .requiredOption('--url <url>', 'the http:// URL to fetch')
  .option('--scheme <scheme>', 'socks4, socks4a, socks5 or socks5h', 'socks5h')
  .option('--user <name>', 'RFC 1929 username (SOCKS4: the USERID)')
  .option('--password <secret>', 'RFC 1929 password')
  .option('--fault <name>', 'switch on a client fault, making a broken client (repeatable)', collect, [])
  .option('--offer-gssapi', "offer GSSAPI (X'01') as well; it has no mechanism and sends a placeholder token")
  .option('--udp', "UDP ASSOCIATE instead: one datagram to the URL's host and port, the answer printed")
  .action(async (flags: ReferenceClientFlags) => {
    process.exitCode = await referenceClientCommand(flags);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const help =
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help';
    process.exitCode = help ? ExitCode.OK : ExitCode.USAGE;
  } else if (error instanceof UsageError) {
    process.stderr.write(`socks-conformance: ${error.message}\n(see socks-conformance --help)\n`);
    process.exitCode = ExitCode.USAGE;
  } else {
    process.stderr.write(
      `socks-conformance: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = ExitCode.INTERNAL;
  }
}
