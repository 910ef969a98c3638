import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { Method } from '../../harness/wire/constants.js';
import { runCli } from '../support/run-cli.js';

const methodCases = ['--only', 'socks5/method/*'];
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'socks-ci-'));
// The console of a run outside CI: no warning about the built-in reference server unless CI says so.
const outsideCi = { CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined };

describe('the CLI in CI', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ methods: [Method.USERNAME_PASSWORD], users: { alice: 'pw-3f9a' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a selection that matches nothing is a usage error, not a green run of 0 cases (exit 2)', async () => {
    const result = await runCli(['--only', 'socks5/nope/*'], { env: outsideCi });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'socks-conformance: --only socks5/nope/* selects no case (--list shows the case ids)',
    );
    const listed = await runCli(['--list', '--only', 'socks5/nope/*'], { env: outsideCi });
    expect(listed.code).toBe(2);
  });

  it('a run without a target names the built-in reference server in the console and every report', async () => {
    const dir = tempDir();
    const result = await runCli([...methodCases, '--out', dir], { env: outsideCi });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^socks-conformance \S+: built-in reference server on 127\.0\.0\.1:\d+$/,
    );
    expect(result.stdout).not.toContain('warning');
    expect(result.stdout).toMatch(/cases against built-in reference server on 127\.0\.0\.1:\d+ in/);
    const json = JSON.parse(readFileSync(path.join(dir, 'socks-conformance.json'), 'utf8'));
    expect(json.targetDescription).toBe('built-in reference server');
    for (const ext of ['md', 'html', 'tap', 'xml'])
      expect(readFileSync(path.join(dir, `socks-conformance.${ext}`), 'utf8'), ext).toContain(
        'built-in reference server on 127.0.0.1:',
      );
    const onCi = await runCli(methodCases, { env: { ...outsideCi, CI: 'true' } });
    expect(onCi.stdout).toContain(
      'warning: no --target given: this run tests the built-in reference server, not your server',
    );
    const given = await runCli([...methodCases, '--target', `127.0.0.1:${server.port}`], {
      env: { ...outsideCi, CI: 'true' },
    });
    expect(given.stdout).not.toContain('warning');
  });

  it('takes socks5:// and socks4:// URLs: the scheme restricts the versions, the credentials never show', async () => {
    const [username, password] = ['alice', 'pw-3f9a'];
    const dir = tempDir();
    const secret = `socks5://${username}:${password}@127.0.0.1:${server.port}`;
    const socks5 = await runCli(
      [
        '--target',
        secret,
        '--only',
        'socks5/auth/*',
        '--only',
        'socks4/*',
        '--json',
        path.join(dir, 'r.json'),
      ],
      { env: outsideCi },
    );
    expect(socks5.code, socks5.stdout + socks5.stderr).toBe(0);
    expect(socks5.stdout + socks5.stderr).not.toContain(password);
    const report = readFileSync(path.join(dir, 'r.json'), 'utf8');
    expect(report).not.toContain(password);
    const versionsOf = new Map<string, string[]>(
      JSON.parse((await runCli(['--list', '--json'])).stdout).map((c: { id: string; versions: string[] }) => [
        c.id,
        c.versions,
      ]),
    );
    const ids: string[] = JSON.parse(report).results.map((r: { id: string }) => r.id);
    expect(ids.filter((id) => id.startsWith('socks5/auth/')).length).toBeGreaterThan(0);
    // socks4/* cases that also speak SOCKS5 (version dispatch) stay; SOCKS4-only ones are left out.
    expect(ids.filter((id) => !versionsOf.get(id)?.includes('5'))).toEqual([]);
    // The credentials were used: the RFC 1929 cases that need them passed.
    expect(JSON.parse(report).capabilities.credentialsAccepted).toBe(true);

    const socks4 = await runCli(
      [
        '--target',
        `socks4://127.0.0.1:${server.port}`,
        '--only',
        'socks4/*',
        '--only',
        'socks5/method/*',
        '--json',
        '-',
      ],
      { env: outsideCi },
    );
    expect(socks4.code, socks4.stderr).toBe(0);
    const versions4: string[] = JSON.parse(socks4.stdout).results.map((r: { id: string }) => r.id);
    expect(versions4.length).toBeGreaterThan(0);
    expect(versions4.filter((id) => !versionsOf.get(id)?.includes('4'))).toEqual([]);

    const wrong = await runCli(['--target', `http://${username}:${password}@127.0.0.1:1080`], {
      env: outsideCi,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe(
      'socks-conformance: --target "http://127.0.0.1:1080": the scheme must be socks5://, socks5h://, socks4:// or socks4a://',
    );
    expect(wrong.stderr).not.toContain(password);

    // Credentials in the URL and others in flags or their variables: which did the user mean? One line, exit 2.
    for (const [args, env] of [
      [['--user', 'bob', '--password', 'other'], outsideCi],
      [[], { ...outsideCi, SOCKS_CONFORMANCE_USER: 'bob', SOCKS_CONFORMANCE_PASSWORD: 'other' }],
    ] as const) {
      const twice = await runCli(['--target', secret, ...args, '--only', 'socks5/auth/*'], { env });
      expect(twice.code).toBe(2);
      expect(twice.stderr.split('\n')[0]).toBe(
        'socks-conformance: the --target URL names other credentials than --user/--password (or ' +
          'SOCKS_CONFORMANCE_USER and SOCKS_CONFORMANCE_PASSWORD): give them once',
      );
      expect(twice.stderr).not.toContain(password);
    }
    const same = await runCli(['--target', secret, '--user', username, '--password', password, '--list'], {
      env: outsideCi,
    });
    expect(same.code, same.stderr).toBe(0);
  });

  it('--list --shard K/N lists the shard, and the shards together list every case once', async () => {
    const all = JSON.parse((await runCli(['--list', '--json'])).stdout).map((c: { id: string }) => c.id);
    const shards = await Promise.all(
      ['1/3', '2/3', '3/3'].map(async (shard) =>
        JSON.parse((await runCli(['--list', '--json', '--shard', shard])).stdout).map(
          (c: { id: string }) => c.id,
        ),
      ),
    );
    for (const shard of shards) expect(shard.length).toBeLessThan(all.length);
    expect(shards.flat().sort()).toEqual([...all].sort());
  });

  it('SIGTERM ends a run with 143 and the report written, marked incomplete', async () => {
    const dir = tempDir();
    let sent = false;
    const result = await runCli(['--jobs', '1', '--json', path.join(dir, 'r.json')], {
      env: outsideCi,
      timeoutMs: 60_000,
      onStdout: (stdout, child) => {
        if (!sent && stdout.includes('PASS')) {
          sent = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(result.code).toBe(143);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).complete).toBe(false);
  });

  it('under GitHub Actions annotates each FAIL and appends the Markdown summary to the step summary', async () => {
    const dir = tempDir();
    const summary = path.join(dir, 'step-summary.md');
    writeFileSync(summary, '## An earlier step\n\n');
    const env = { ...outsideCi, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const result = await runCli(['--reference-fault', 'select-unoffered-method', ...methodCases], { env });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(
      /^::error title=FAIL socks5\/method\/\S+ \[rfc1928\/3-\S+\]::.+ — observed: .+$/,
    );
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('## An earlier step\n\n')).toBe(true);
    expect(written).toContain('SOCKS conformance of built-in reference server');
    const off = await runCli(
      ['--reference-fault', 'select-unoffered-method', ...methodCases, '--no-step-summary'],
      {
        env,
      },
    );
    expect(off.code).toBe(1);
    expect(readFileSync(summary, 'utf8')).toBe(written);
  });

  it('--json - puts only the report on stdout; --quiet prints only the summary line', async () => {
    const json = await runCli([...methodCases, '--json', '-'], { env: outsideCi });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).tool).toBe('socks-conformance');
    expect(json.stderr).toMatch(/PASS\s+socks5\/method\//);
    const quiet = await runCli([...methodCases, '--quiet'], { env: outsideCi });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(quiet.stdout).toMatch(/^\d+ cases against built-in reference server on \S+ in [\d.]+ s: \d+ PASS/);
  });

  it('FORCE_COLOR colours the verdicts on a pipe; NO_COLOR keeps them plain', async () => {
    const forced = await runCli(methodCases, { env: { ...outsideCi, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[32mPASS');
    expect(forced.stdout).not.toContain('cases done');
    const plain = await runCli(methodCases, { env: { ...outsideCi, NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('help is grouped under headings, with examples, and suggests a mistyped command', async () => {
    const help = await runCli(['help', 'client']);
    for (const heading of ['Client:', 'Selection:', 'Reports:', 'Tuning:', 'Examples:', 'Exit codes:'])
      expect(help.stdout).toContain(heading);
    expect(help.stdout).not.toContain('(default: [])');
    const run = await runCli(['--help']);
    for (const heading of ['Target:', 'Selection:', 'Reports:', 'Certification and baselines:', 'Tuning:'])
      expect(run.stdout).toContain(heading);
    const typo = await runCli(['clinet']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("socks-conformance: unknown command 'clinet'\n(Did you mean client?)\n");
  });
});
