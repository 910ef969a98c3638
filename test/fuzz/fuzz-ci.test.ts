import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidJunit } from '../report/report-checks.js';
import { type CliOptions, cliPath, runCli } from '../support/run-cli.js';

/** A mutant the fuzzer finds within a few dozen cases (fuzz-cli.test.ts): REP 00 for an undefined CMD. */
const mutant = ['--reference-fault', 'undefined-cmd-succeeds', '--seed', '5', '--runs', '500'];
const reference = ['--seed', '7', '--runs', '100'];
const summaryLine =
  /^fuzz: (interrupted after )?\d+ cases in [0-9.]+ s \(\d+ cases\/s\)(, \d+ not sent \(a reading could leave loopback\))?, (no finding|1 distinct finding; \d+ inputs? hit it)$/;

const ESC = '\x1b';

/** Outside GitHub Actions and without colour, whatever runs the tests, unless a test says otherwise. */
const plainEnv = {
  CI: undefined,
  GITHUB_ACTIONS: '',
  GITHUB_STEP_SUMMARY: '',
  NO_COLOR: '',
  FORCE_COLOR: '0',
};
const run = (args: string[], options: CliOptions = {}) =>
  runCli(args, { timeoutMs: 60_000, ...options, env: { ...plainEnv, ...options.env } });

/** Sends `signal` once the campaign has run for a while (its header line is out). */
function signalAfterStart(signal: NodeJS.Signals, header: string): CliOptions['onStdout'] {
  let sent = false;
  return (stdout, child) => {
    if (sent || !stdout.includes(header)) return;
    sent = true;
    setTimeout(() => child.kill(signal), 1000);
  };
}

describe('fuzz campaigns in CI: reports, console and signals', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fuzz-ci-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes JUnit and Markdown of a campaign on the reference server: one passing testcase, no finding', async () => {
    const junit = path.join(dir, 'reference.xml');
    const markdown = path.join(dir, 'reference.md');
    const result = await run(['fuzz', ...reference, '--out', dir, '--junit', junit, '--markdown', markdown]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`JUnit report: ${junit}`);
    expect(result.stdout).toContain(`Markdown summary: ${markdown}`);
    const xml = await readFile(junit, 'utf8');
    await expectValidJunit(xml);
    expect(xml).toContain('<testsuite name="fuzz" tests="1" failures="0" errors="0"');
    expect(xml).toContain('<property name="seed" value="7"/>');
    expect(xml).toContain('<property name="complete" value="true"/>');
    expect(xml).toMatch(/<testcase name="fuzz campaign" classname="fuzz" time="[0-9.]+">/);
    expect(xml).not.toContain('<failure');
    const md = await readFile(markdown, 'utf8');
    expect(md.split('\n')[0]).toBe('## ✅ SOCKS fuzz campaign against built-in reference server: no finding');
    expect(md).toMatch(/seed `7` · 100 cases .* cases\/s\) · budget 100 runs · 16 at once/);
  });

  it('on a mutant, JUnit fails a testcase with the clause, the input in hex and the replay command; Markdown lists them', async () => {
    const junit = path.join(dir, 'mutant.xml');
    const markdown = path.join(dir, 'mutant.md');
    const out = path.join(dir, 'mutant');
    const result = await run(['fuzz', ...mutant, '--out', out, '--junit', junit, '--markdown', markdown]);
    expect(result.code).toBe(1);
    const file = path.join(out, 'violation-rfc1928-4-cmd-seed-5.json');
    const replay = `npx socks-conformance fuzz --replay ${file}`;
    const { hits } = JSON.parse(await readFile(file, 'utf8'));
    const xml = await readFile(junit, 'utf8');
    await expectValidJunit(xml);
    expect(xml).toContain('tests="1" failures="1" errors="0"');
    expect(xml).toContain(
      `<testcase name="finding [rfc1928/4-cmd] violation · REP N for the undefined command X'…' · greeting request[CMD]" classname="fuzz"`,
    );
    expect(xml).toContain(
      `<failure message="rfc1928/4-cmd: REP 00 for the undefined command X'00'" type="violation">`,
    );
    expect(xml).toContain('input: 10 octets sent (05010005000003000000)');
    expect(xml).toContain(`replay: ${replay}`);
    const md = await readFile(markdown, 'utf8');
    expect(md.split('\n')[0]).toMatch(
      /^## ❌ SOCKS fuzz campaign against built-in reference server \(mutant: undefined-cmd-succeeds\): 1 distinct finding; \d+ inputs? hit it$/,
    );
    expect(md).toContain(
      `| \`rfc1928/4-cmd\` | violation | REP 00 for the undefined command X'00' | \`greeting request[CMD]\` | ${hits} | \`05010005000003000000\` | \`${replay}\` |`,
    );
  });

  it('--json - writes the campaign report to stdout and nothing else; the console goes to stderr', async () => {
    const result = await run(['fuzz', ...mutant, '--out', path.join(dir, 'stdout'), '--json', '-']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ type: 'fuzz-campaign', role: 'server', seed: 5, complete: true });
    expect(report.findings).toHaveLength(1);
    expect(result.stderr).toContain('── FINDING rfc1928/4-cmd (violation)');
    expect(result.stderr).toMatch(/^fuzz: \d+ cases in .*, 1 distinct finding; \d+ inputs? hit it$/m);
  });

  it('--quiet prints only the summary line, with or without a finding', async () => {
    for (const [args, code] of [
      [reference, 0],
      [mutant, 1],
    ] as const) {
      const result = await run(['fuzz', ...args, '--out', path.join(dir, 'quiet'), '--quiet']);
      expect(result.code).toBe(code);
      expect(result.stderr).toBe('');
      const lines = result.stdout.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(summaryLine);
      expect(lines[1]).toBe('');
    }
  });

  it('under GitHub Actions, a finding is an ::error and the summary is appended to the step summary', async () => {
    const stepSummary = path.join(dir, 'step-summary.md');
    const earlier = '## An earlier step\n\nits summary\n';
    await writeFile(stepSummary, earlier);
    const out = path.join(dir, 'actions');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary };
    const result = await run(['fuzz', ...mutant, '--out', out], { env });
    expect(result.code).toBe(1);
    const file = path.join(out, 'violation-rfc1928-4-cmd-seed-5.json');
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(errors).toEqual([
      `::error title=FINDING [rfc1928/4-cmd]::REP 00 for the undefined command X'00' — replay: npx socks-conformance fuzz --replay ${file}`,
    ]);
    const summary = await readFile(stepSummary, 'utf8');
    expect(summary.startsWith(earlier)).toBe(true);
    expect(summary.slice(earlier.length)).toMatch(
      /^## ❌ SOCKS fuzz campaign against .*: 1 distinct finding; \d+ inputs? hit it\n/,
    );

    const skipped = await run(['fuzz', ...reference, '--out', out, '--no-step-summary'], { env });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).not.toContain('::error');
    expect(skipped.stdout).toContain(
      'warning: no --target given: this campaign fuzzes the built-in reference server, not your server',
    );
    expect(await readFile(stepSummary, 'utf8')).toBe(summary);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s ends a campaign with %i, its reports written and marked interrupted',
    async (signal, code) => {
      const files = {
        json: path.join(dir, `${signal}.json`),
        junit: path.join(dir, `${signal}.xml`),
        markdown: path.join(dir, `${signal}.md`),
      };
      const args = ['fuzz', '--seed', '7', '--runs', '1000000', '--out', dir];
      const result = await run(
        [...args, '--json', files.json, '--junit', files.junit, '--markdown', files.markdown],
        { onStdout: signalAfterStart(signal, 'seed 7') },
      );
      expect(result.code).toBe(code);
      expect(result.stdout).toMatch(/^fuzz: interrupted after \d+ cases in .*, no finding$/m);
      const report = JSON.parse(await readFile(files.json, 'utf8'));
      expect(report).toMatchObject({ complete: false, findings: [] });
      expect(report.cases).toBeGreaterThan(0);
      const xml = await readFile(files.junit, 'utf8');
      await expectValidJunit(xml);
      expect(xml).toContain('<property name="complete" value="false"/>');
      expect(xml).toContain(
        `<error message="interrupted after ${report.cases} cases (budget 1000000 runs): no finding in those" type="interrupted"/>`,
      );
      const md = await readFile(files.markdown, 'utf8');
      expect(md).toContain(`**Interrupted** after ${report.cases} cases`);
    },
  );

  it('draws a live status line on a terminal, and plain lines with --ci', async () => {
    const args = ['fuzz', '--seed', '7', '--runs', '400', '--out', dir];
    const live = await run(args, { tty: true, env: { FORCE_COLOR: '1' } });
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(
      new RegExp(`\r${ESC}\\[2Kfuzz: \\d+ cases, \\d+ cases/s, 0 distinct findings`),
    );
    expect(live.stdout).toContain('\x1b[32mno finding\x1b[0m');
    const plain = await run([...args, '--ci'], { tty: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\x1b[');
    expect(plain.stdout).not.toContain('\r');
  });

  it('colours the summary when FORCE_COLOR says so, even without a terminal', async () => {
    const result = await run(['fuzz', ...reference, '--out', dir, '--quiet'], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout.endsWith(`, ${ESC}[32mno finding${ESC}[0m\n`)).toBe(true);
  });
});

describe('fuzz client in CI', () => {
  const client = `${process.execPath} ${cliPath} reference-client --scheme socks5h --proxy {proxy} --url {url} --user {user} --password {password}`;
  const campaign = ['fuzz', 'client', '--exec', client, '--seed', '3', '--timeout-multiplier', '1'];
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fuzz-client-ci-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 3 when the client never connected in any case, and says so', async () => {
    const result = await run(
      ['fuzz', 'client', '--exec', 'true {proxy}', '--seed', '3', '--runs', '3', '--out', dir],
      {
        timeoutMs: 60_000,
      },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('socks-conformance: the client never connected to the scripted server\n');
    expect(result.stdout).toMatch(/^fuzz: 3 cases in .*, the client never connected$/m);
    expect(result.stdout).not.toContain('no finding');
  });

  it('writes the campaign to stdout with --json -, JUnit and Markdown, and prints only the summary with --quiet', async () => {
    const junit = path.join(dir, 'client.xml');
    const markdown = path.join(dir, 'client.md');
    const result = await run(
      [
        ...campaign,
        '--runs',
        '3',
        '--out',
        dir,
        '--json',
        '-',
        '--junit',
        junit,
        '--markdown',
        markdown,
        '--quiet',
      ],
      { timeoutMs: 90_000 },
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ role: 'client', target: client, cases: 3, unreached: 0, complete: true });
    expect(result.stderr.split('\n')).toEqual([expect.stringMatching(summaryLine), '']);
    const xml = await readFile(junit, 'utf8');
    await expectValidJunit(xml);
    expect(xml).toContain('<testcase name="fuzz campaign" classname="fuzz client"');
    expect((await readFile(markdown, 'utf8')).split('\n')[0]).toBe(
      `## ✅ SOCKS client fuzz campaign against client ${client}: no finding`,
    );
  }, 120_000);

  it('SIGTERM ends it with 143, the report written and marked interrupted', async () => {
    const json = path.join(dir, 'terminated.json');
    const result = await run([...campaign, '--runs', '1000', '--out', dir, '--json', json], {
      timeoutMs: 90_000,
      onStdout: signalAfterStart('SIGTERM', 'seed 3'),
    });
    expect(result.code).toBe(143);
    expect(result.stdout).toMatch(/^fuzz: interrupted after \d+ cases in .*, no finding$/m);
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({ role: 'client', complete: false });
  }, 120_000);
});
