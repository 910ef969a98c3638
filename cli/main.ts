#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '../harness/model/verdict.js';
import { toolVersion } from '../harness/version.js';
import type { ClientFlags } from './client-command.js';
import type { FuzzClientFlags } from './fuzz-client-command.js';
import type { FuzzFlags } from './fuzz-command.js';
import type { MatrixFlags } from './matrix-command.js';
import type { MergeFlags } from './merge-command.js';
import {
  certificationOptions,
  collect,
  environment,
  examples,
  exitCodes,
  fuzzEnvironment,
  fuzzReportOptions,
  networkOptions,
  reportOptions,
  selectionOptions,
  shardOptions,
  targetOptions,
  tuningOptions,
} from './options.js';
import type { ReferenceClientFlags } from './reference-client-command.js';
import type { RunFlags } from './run-command.js';
import type { ServeFlags } from './serve-command.js';
import { UsageError } from './usage-error.js';

// Each command's module is loaded when the command runs: help and usage errors start in a fraction of the time.

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.OK);
  throw error;
});

/** Repeatable options without a default (commander would print `(default: [])` in the help) start empty. */
function lists<T extends object>(flags: T, names: readonly string[]): T {
  const filled = { ...flags } as Record<string, unknown>;
  for (const name of names) filled[name] ??= [];
  return filled as T;
}

const program = new Command('socks-conformance')
  .description(
    'Conformance test suite and fuzzer for SOCKS4, SOCKS4A and SOCKS5 servers and clients (RFC 1928, 1929, 1961).',
  )
  .version(toolVersion)
  .exitOverride()
  // Every usage error is one line that names the tool, the way UsageError prints them.
  .configureOutput({
    outputError: (message, write) => write(message.replace(/^error: /, 'socks-conformance: ')),
  })
  .showSuggestionAfterError()
  // Options after a subcommand (`client --only …`) belong to the subcommand.
  .enablePositionalOptions();

const run = program
  .command('run')
  .description('test a SOCKS server (the default command); without a target, the built-in reference server');
targetOptions(run, 'test');
networkOptions(run);
selectionOptions(run, 'cases');
shardOptions(run, 'the selected cases').option(
  '--repeat <n>',
  'run each selected case N times; a case whose verdict differs is flaky (ERROR)',
);
reportOptions(run);
certificationOptions(run);
tuningOptions(run, 'auto', 'cases');
examples(run, [
  'socks-conformance --target 127.0.0.1:1080',
  'socks-conformance --target socks5://alice:secret@127.0.0.1:1080 --junit reports/socks.xml',
  "socks-conformance --target-cmd 'microsocks -i 127.0.0.1 -p {port}' --out reports/",
  "socks-conformance --list --only 'socks5/method/*'",
  'socks-conformance help client     # test a SOCKS client instead',
]).addHelpText('after', `${exitCodes}\n${environment}`);
run.action(async (flags: RunFlags) => {
  const { runCommand } = await import('./run-command.js');
  process.exitCode = await runCommand(
    lists(flags, ['only', 'exclude', 'expect', 'referenceFault']) as RunFlags,
  );
});

const client = program
  .command('client')
  .description('test a SOCKS client: run --exec once per case against a scripted SOCKS server')
  .optionsGroup('Client:')
  .option(
    '--exec <command>',
    'the client command, with {proxy} {proxy_host} {proxy_port} {user} {password} {host} {port} {path} {url}; ' +
      'without it (on a terminal), each case prints its proxy and waits for you to point a client at it',
  )
  .option(
    '--failure-output <regex>',
    "output (stdout or stderr) by which the client reports a failure even when it exits 0, e.g. a browser's error page: " +
      '\'"errorCode":"ERR_\'',
  )
  .addOption(
    new Option(
      '--socks-version <version>',
      'the one SOCKS version a client without a scheme in its command speaks',
    ).choices(['5', '4', '4a']),
  );
selectionOptions(client, 'client cases');
reportOptions(client);
client.option('--strict', 'a violated SHOULD (WARN) counts as FAIL');
tuningOptions(client, 4, 'cases');
examples(client, [
  "socks-conformance client --exec 'curl -sS -x socks5h://{user}:{password}@{proxy} {url}'",
  "socks-conformance client --exec 'nc -X 5 -x {proxy} {host} {port}' --socks-version 5",
  "socks-conformance client --only 'client/socks5/udp/*' --exec 'python3 my-udp-client.py {proxy} {host} {port}'",
]).addHelpText('after', `${exitCodes}\n${environment}`);
client.action(async (flags: ClientFlags) => {
  const { clientCommand } = await import('./client-command.js');
  process.exitCode = await clientCommand(lists(flags, ['only', 'exclude']) as ClientFlags);
});

const fuzz = program
  .command('fuzz')
  .description(
    'fuzz a SOCKS server: generated, mutated, randomly segmented inputs judged by the RFC oracles',
  );
targetOptions(fuzz, 'fuzz');
fuzz
  .optionsGroup('Campaign:')
  .addOption(new Option('--runs <n>', 'cases to run (default 1000)').conflicts('time'))
  .option('--time <duration>', 'run for this long instead (60s, 2m)')
  .option('--seed <n>', 'the random seed (printed; default random)')
  .option(
    '--socks-version <versions>',
    'SOCKS versions to fuzz: 4, 4a, 5 (repeatable or comma-separated; default all)',
    collect,
  )
  .option(
    '--stop-on-first',
    'end the campaign at its first finding (default: run the whole budget and collect distinct findings)',
  )
  .option('--replay <file>', 'replay a saved finding once and say whether it reproduces');
shardOptions(fuzz, 'the campaign (every shard with the same --seed)');
fuzzReportOptions(fuzz);
tuningOptions(fuzz, 16, 'fuzz cases');
examples(fuzz, [
  'socks-conformance fuzz --runs 2000',
  'socks-conformance fuzz --target 127.0.0.1:1080 --time 60s --seed 42 --json reports/fuzz.json',
  'socks-conformance fuzz --time 10m --ci --junit reports/fuzz.xml --markdown reports/fuzz.md',
  'socks-conformance fuzz --replay reports/fuzz/violation-rfc1928-4-cmd-seed-42.json',
]).addHelpText(
  'after',
  `\nExit codes: 0 no finding (replay: not reproduced); 1 one or more findings; 2 bad usage; 3 target unreachable;\n130 interrupted (Ctrl-C), 143 terminated (SIGTERM): the reports are still written, marked incomplete.\n${fuzzEnvironment(true)}`,
);
fuzz.action(async (flags: FuzzFlags) => {
  const { fuzzCommand } = await import('./fuzz-command.js');
  process.exitCode = await fuzzCommand(lists(flags, ['socksVersion', 'referenceFault']) as FuzzFlags);
});
// Options after `fuzz client` belong to it.
fuzz.enablePositionalOptions();
const fuzzClient = fuzz
  .command('client')
  .description('fuzz a SOCKS client: run --exec against a scripted server answering with generated replies')
  .optionsGroup('Campaign:')
  .option(
    '--exec <command>',
    'the client command, with the placeholders of the client command ({proxy} {url} …)',
  )
  .addOption(new Option('--runs <n>', 'cases to run (default 100): one client run each').conflicts('time'))
  .option('--time <duration>', 'run for this long instead (60s, 2m)')
  .option('--seed <n>', 'the random seed (printed; default random)')
  .option('--replay <file>', 'replay a saved client finding once');
fuzzReportOptions(fuzzClient);
fuzzClient.optionsGroup('Tuning:').option('--timeout-multiplier <x>', 'scale every deadline', '1');
examples(fuzzClient, [
  "socks-conformance fuzz client --exec 'curl -sS -x socks5h://{proxy} {url}' --runs 100",
  "socks-conformance fuzz client --exec 'curl -sS -x socks5h://{proxy} {url}' --ci --junit reports/fuzz-client.xml",
]).addHelpText(
  'after',
  `\nExit codes: 0 no finding (replay: not reproduced); 1 a finding; 2 bad usage; 3 the client never connected;\n130 interrupted (Ctrl-C), 143 terminated (SIGTERM): the reports are still written, marked incomplete.\n${fuzzEnvironment(false)}`,
);
fuzzClient.action(async (flags: FuzzClientFlags) => {
  const { fuzzClientCommand } = await import('./fuzz-client-command.js');
  process.exitCode = await fuzzClientCommand(flags);
});

program
  .command('serve')
  .description('run the reference SOCKS server (with --fault, a mutant of it)')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('-p, --port <port>', 'port to listen on (0 picks one)', '1080')
  .option('--fault <name>', 'switch on a fault, making a mutant (repeatable)', collect)
  .option('--user <name>', 'RFC 1929 username accepted (default socks)')
  .option('--password <secret>', 'RFC 1929 password accepted (default conformance)')
  .action(async (flags: ServeFlags) => {
    const { serveCommand } = await import('./serve-command.js');
    process.exitCode = await serveCommand(lists(flags, ['fault']) as ServeFlags);
  });

program
  .command('reference-client')
  .description('the reference SOCKS client: fetch an http:// URL through a proxy and print the body')
  .requiredOption('--proxy <host:port>', 'the SOCKS proxy')
  .requiredOption('--url <url>', 'the http:// URL to fetch')
  .addOption(
    new Option('--scheme <scheme>', 'the SOCKS version and where names resolve')
      .choices(['socks4', 'socks4a', 'socks5', 'socks5h'])
      .default('socks5h'),
  )
  .option('--user <name>', 'RFC 1929 username (SOCKS4: the USERID)')
  .option('--password <secret>', 'RFC 1929 password')
  .option('--fault <name>', 'switch on a client fault, making a broken client (repeatable)', collect)
  .option('--offer-gssapi', "offer GSSAPI (X'01') as well; it has no mechanism and sends a placeholder token")
  .option('--udp', "UDP ASSOCIATE instead: one datagram to the URL's host and port, the answer printed")
  .action(async (flags: ReferenceClientFlags) => {
    const { referenceClientCommand } = await import('./reference-client-command.js');
    process.exitCode = await referenceClientCommand(lists(flags, ['fault']) as ReferenceClientFlags);
  });

program
  .command('matrix')
  .description('targets × cases from two or more JSON reports, marking cases where targets disagree')
  .argument('<reports...>', 'JSON reports (--json) of runs against different targets')
  .option('--html <file>', 'write the matrix as a self-contained HTML page')
  .option('--markdown <file>', 'write the cases where targets differ as Markdown (default: print it)')
  .action(async (reports: string[], flags: MatrixFlags) => {
    const { matrixCommand } = await import('./matrix-command.js');
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
    const { mergeCommand } = await import('./merge-command.js');
    process.exitCode = await mergeCommand(reports, flags);
  });

/** Without a command, or with options first, the server run: `socks-conformance --target …` is `run --target …`. */
function withDefaultCommand(argv: readonly string[]): string[] {
  const first = argv[2];
  const rootOnly = ['-V', '--version', 'help'];
  if (first === undefined || (first.startsWith('-') && !rootOnly.includes(first)))
    return [...argv.slice(0, 2), 'run', ...argv.slice(2)];
  return [...argv];
}

try {
  await program.parseAsync(withDefaultCommand(process.argv));
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
