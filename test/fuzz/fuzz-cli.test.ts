import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { runCli } from '../support/run-cli.js';

const run = (args: string[], timeoutMs = 60_000) => runCli(args, { timeoutMs });
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('socks-conformance fuzz', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'fuzz-cli-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('runs a campaign on the reference server and exits 0 without a finding', async () => {
    const result = await run(['fuzz', '--runs', '100', '--seed', '7', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('built-in reference server, seed 7, 100 runs');
    expect(result.stdout).toMatch(
      /fuzz: 100 cases in [0-9.]+ s \([0-9]+ cases\/s\)(, [0-9]+ not sent \(a reading could leave loopback\))?, no finding/,
    );
    expect(result.code).toBe(0);
  });

  it('on a mutant prints the finding with a replay command, saves it, and the replay reproduces it', async () => {
    const found = await run([
      'fuzz',
      '--reference-fault',
      'undefined-cmd-succeeds',
      '--runs',
      '500',
      '--seed',
      '5',
      '--out',
      out,
    ]);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('── FINDING rfc1928/4-cmd (violation)');
    expect(found.stdout).toContain("VER=5 CMD=UNDEFINED-CMD-X'00'");
    const files = await readdir(out);
    expect(files).toEqual(['violation-rfc1928-4-cmd-seed-5.json']);
    const file = path.join(out, files[0]!);
    expect(found.stdout).toContain(`replay: npx socks-conformance fuzz --replay ${file}`);
    const record = JSON.parse(await readFile(file, 'utf8'));
    expect(record).toMatchObject({
      type: 'fuzz-finding',
      seed: 5,
      clause: 'rfc1928/4-cmd',
      sent: '05010005000003000000',
    });

    const replay = await run(['fuzz', '--replay', file]);
    expect(replay.stdout).toContain("reproduced: rfc1928/4-cmd: REP 00 for the undefined command X'00'");
    expect(replay.stdout).toContain('trace:');
    expect(replay.code).toBe(1);
    // --quiet: the verdict line alone.
    const quiet = await run(['fuzz', '--replay', file, '--quiet']);
    expect(quiet.stdout).toBe("reproduced: rfc1928/4-cmd: REP 00 for the undefined command X'00'\n");
    expect(quiet.code).toBe(1);
  });

  it('with --target-cmd reads a crash from the process, restarts it, and shrinks the input that kills it', async () => {
    const dir = path.join(out, 'target-cmd');
    const found = await run([
      'fuzz',
      '--target-cmd',
      'node test/target/crashing-reference.mjs {port} empty-domain-crashes',
      '--seed',
      '20261123',
      '--runs',
      '2000',
      '--out',
      dir,
    ]);
    expect(found.stdout).toContain('── FINDING rfc1928/5-atyp-domain (target lost)');
    expect(found.stdout).toContain('the target process killed by SIGKILL');
    expect(found.code).toBe(1);
    const [name] = await readdir(dir);
    const record = JSON.parse(await readFile(path.join(dir, name!), 'utf8'));
    expect(record).toMatchObject({
      sent: '05010005010003000000',
      targetCommand: expect.stringContaining('crashing'),
    });
    const replay = await run(['fuzz', '--replay', path.join(dir, name!)]);
    expect(replay.stdout).toContain('reproduced: rfc1928/5-atyp-domain');
    expect(replay.code).toBe(1);
  }, 150_000); // two CLI runs of up to 60 s each: on a loaded 2-core host the first took over 30 s

  it('names the input that crashed a --target its supervisor brings back, 16 cases at once, as one at a time does', async () => {
    const port = await freeTcpPort('127.0.0.1');
    let stopped = false;
    let child: ChildProcess | undefined;
    let ready: Promise<void> = Promise.resolve();
    // A supervisor: the crashing reference on the same port, started again whenever it dies.
    const supervise = () => {
      child = spawn(
        process.execPath,
        ['test/target/crashing-reference.mjs', String(port), 'empty-domain-crashes'],
        {
          stdio: 'ignore',
        },
      );
      child.on('exit', () => {
        if (!stopped) ready = tick(100).then(supervise);
      });
    };
    supervise();
    await tick(1000);
    try {
      const dir = path.join(out, 'supervised');
      const found = await run(
        [
          'fuzz',
          '--target',
          `127.0.0.1:${port}`,
          '--user',
          'socks',
          '--password',
          'conformance',
          '--seed',
          '20261123',
          '--runs',
          '2000',
          '--out',
          dir,
          '--json',
          `${dir}.json`,
        ],
        120_000,
      );
      expect(found.stdout).toContain('16 at once');
      expect(found.stdout).toContain('── FINDING rfc1928/5-atyp-domain (target lost)');
      expect(found.stdout).not.toContain('cases at once');
      expect(found.code).toBe(1);
      const report = JSON.parse(await readFile(`${dir}.json`, 'utf8'));
      // The run and the shrunk input the reference mutant gives one case at a time (mutants.test.ts); the
      // supervisor brings the target back after each crash, so the campaign runs its whole budget.
      expect(report.findings[0]).toMatchObject({ path: '259', sent: '05010005010003000000' });
      expect(report.cases).toBe(2000);
      expect((await readdir(dir)).length).toBe(report.findings.length);
    } finally {
      stopped = true;
      await ready;
      child?.kill('SIGKILL');
    }
  }, 150_000);

  it('splits a campaign into shards by run index; merge joins their reports and keeps the unsharded finding first', async () => {
    const dir = path.join(out, 'shards');
    const mutant = ['--reference-fault', 'undefined-cmd-succeeds', '--seed', '5', '--runs', '400'];
    const whole = await run(['fuzz', ...mutant, '--json', path.join(dir, 'whole.json'), '--out', dir]);
    expect(whole.code).toBe(1);
    const wholeReport = JSON.parse(await readFile(path.join(dir, 'whole.json'), 'utf8'));
    const [wholeFinding] = wholeReport.findings;
    const files = [];
    for (const index of [1, 2, 3]) {
      const file = path.join(dir, `shard-${index}.json`);
      const shard = await run(['fuzz', ...mutant, '--shard', `${index}/3`, '--json', file, '--out', dir]);
      expect(shard.stdout).toContain(`shard ${index}/3 (runs i with i mod 3 = ${index - 1})`);
      const report = JSON.parse(await readFile(file, 'utf8'));
      expect(report).toMatchObject({ type: 'fuzz-campaign', seed: 5, shard: { index, count: 3 } });
      for (const finding of report.findings) {
        expect(Number(finding.path) % 3).toBe(index - 1);
        expect(finding.shard).toEqual({ index, count: 3 });
      }
      files.push(file);
    }
    const merged = path.join(dir, 'merged.json');
    const result = await run(['merge', ...[...files].reverse(), '--json', merged]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('merged 3 fuzz shards');
    expect(result.code).toBe(1);
    const report = JSON.parse(await readFile(merged, 'utf8'));
    expect(report.shards).toEqual([1, 2, 3]);
    const shardReports = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    expect(report.skipped).toBe(shardReports.reduce((sum, r) => sum + r.skipped, 0));
    expect(report.findings[0]).toMatchObject({
      path: wholeFinding.path,
      clause: wholeFinding.clause,
      sent: wholeFinding.sent,
    });

    const missing = await run(['merge', files[0]!, files[1]!, '--json', merged]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/^socks-conformance: merge: shard \d\/3 is missing$/);
    const unsharded = await run(['merge', files[0]!, path.join(dir, 'whole.json'), '--json', merged]);
    expect(unsharded.code).toBe(2);
    expect(unsharded.stderr.split('\n')[0]).toContain('not the report of a shard');
  });

  it.each([
    [['fuzz', '--shard', '3/2', '--seed', '1'], '--shard 3/2: K must be between 1 and N'],
    [['fuzz', '--shard', 'two', '--seed', '1'], '--shard two: expected K/N'],
    [['fuzz', '--shard', '1/2'], '--shard needs --seed'],
    [['fuzz', '--jobs', '0'], '--jobs must be a positive integer'],
    [['fuzz', '--json', '/proc/no-such-dir/fuzz.json'], '--json /proc/no-such-dir/fuzz.json'],
    [
      ['fuzz', '--runs', '10', '--time', '5s'],
      "option '--runs <n>' cannot be used with option '--time <duration>'",
    ],
    [['fuzz', '--time', 'soon'], '--time must be a duration'],
    [['fuzz', '--socks-version', '6'], '--socks-version "6": one of 4, 4a, 5'],
    [['fuzz', '--replay', '/nonexistent/finding.json'], '--replay /nonexistent/finding.json'],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').length, result.stderr).toBeLessThanOrEqual(2);
    expect(result.stderr.split('\n')[0]).toContain(message);
  });
});
