import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline } from '../../cli/baseline-file.js';
import { applyProfile, type ProfiledFlags } from '../../cli/profile-file.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { parseTap } from './report-checks.js';

const _cli = cliPath;

const run = (args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) =>
  runCli(args, { env, timeoutMs });

const dir = mkdtempSync(path.join(tmpdir(), 'socks-baseline-'));
const file = (name: string) => path.join(dir, name);
const readJson = (name: string) => JSON.parse(readFileSync(file(name), 'utf8'));
const mutant = ['--reference-fault', 'select-unoffered-method', '--only', 'socks5/method/*'];

describe('--baseline, --write-baseline and --fail-on-xpass', () => {
  it('records the failures, then fails only on a regression', async () => {
    const first = await run([...mutant, '--write-baseline', file('baseline.json')]);
    expect(first.code).toBe(1);
    const baseline = readJson('baseline.json');
    expect(baseline.knownFailures.map((k: { id: string }) => k.id)).toContain('socks5/method/select-offered');
    for (const k of baseline.knownFailures) expect(k.reason).toMatch(/^UNREVIEWED: FAIL /);

    const known = await run([...mutant, '--baseline', file('baseline.json'), '--out', file('known')]);
    expect(known.code, known.stdout).toBe(0);
    expect(known.stdout).toMatch(/baseline .*: \d+ known failure\(s\), 0 regression\(s\)/);
    const document = JSON.parse(readFileSync(path.join(file('known'), 'socks-conformance.json'), 'utf8'));
    expect(document.baseline).toMatchObject({ regressions: 0, knownFailures: baseline.knownFailures.length });
    const tap = await parseTap(readFileSync(path.join(file('known'), 'socks-conformance.tap'), 'utf8'));
    expect(tap.final.ok).toBe(true);
    expect(tap.final.todo).toBe(baseline.knownFailures.length);
    expect(readFileSync(path.join(file('known'), 'socks-conformance.xml'), 'utf8')).toContain(
      'known failure (FAIL): UNREVIEWED',
    );
    expect(readFileSync(path.join(file('known'), 'socks-conformance.html'), 'utf8')).toContain(
      'FAIL (known)',
    );

    const fewer = { knownFailures: baseline.knownFailures.slice(1) };
    writeFileSync(file('fewer.json'), JSON.stringify(fewer));
    const regression = await run([...mutant, '--baseline', file('fewer.json'), '--json', file('r.json')]);
    expect(regression.code).toBe(1);
    expect(readJson('r.json').baseline.regressions).toBe(1);
  });

  it('shows a known failure that passes as an unexpected pass, failing the run only with --fail-on-xpass', async () => {
    const listed = {
      knownFailures: [{ id: 'socks5/method/select-offered', reason: 'fixed upstream in 2.1' }],
    };
    writeFileSync(file('xpass.json'), JSON.stringify(listed));
    const args = ['--only', 'socks5/method/*', '--baseline', file('xpass.json'), '--markdown', file('x.md')];
    const quiet = await run(args);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('1 unexpected pass(es)');
    expect(readFileSync(file('x.md'), 'utf8')).toContain('PASS (unexpected pass)');
    expect((await run([...args, '--fail-on-xpass'])).code).toBe(1);
  });
});

describe('--profile', () => {
  it('takes expected features, exclusions with reasons and credentials from the environment', async () => {
    const profile = {
      name: 'method-only',
      expect: ['userpass'],
      credentials: { userEnv: 'T_SOCKS_USER', passwordEnv: 'T_SOCKS_PASS' },
      exclude: [{ pattern: 'socks5/method/select-offered', reason: 'a reason for this test' }],
    };
    writeFileSync(file('profile.json'), JSON.stringify(profile));
    const result = await run(
      [
        '--profile',
        file('profile.json'),
        '--only',
        'socks5/method/*',
        '--only',
        'socks5/auth/success-response',
      ],
      { T_SOCKS_USER: referenceCredentials.username, T_SOCKS_PASS: referenceCredentials.password },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/PASS +socks5\/auth\/success-response/);
    expect(result.stdout).not.toContain('socks5/method/select-offered ');
    const json = await run(
      ['--profile', file('profile.json'), '--only', 'socks5/auth/success-response', '--json', file('p.json')],
      { T_SOCKS_USER: referenceCredentials.username, T_SOCKS_PASS: referenceCredentials.password },
    );
    expect(json.code).toBe(0);
    expect(readJson('p.json')).toMatchObject({
      profile: 'method-only',
      expect: ['userpass'],
      exclusions: profile.exclude,
    });
  });

  it('reads the example profile in fixtures/profiles, its baseline relative to it', async () => {
    process.env.EXAMPLE_PROXY_USER = 'u';
    process.env.EXAMPLE_PROXY_PASSWORD = 'p';
    const flags: ProfiledFlags = { profile: 'fixtures/profiles/example.json', expect: ['bind'], exclude: [] };
    const loaded = await applyProfile(flags);
    expect(loaded?.name).toBe('example-proxy');
    expect(flags).toMatchObject({
      target: '127.0.0.1:1080',
      expect: ['bind', 'userpass', 'ipv6', 'names'],
      exclude: ['socks5/udp/*'],
      user: 'u',
      password: 'p',
      baseline: path.resolve('fixtures/profiles/example-baseline.json'),
    });
    expect((await readBaseline(flags.baseline!)).knownFailures).toHaveLength(1);
  });

  it.each([
    ['not json', '{', /not JSON/],
    ['an unknown key', JSON.stringify({ name: 'x', excludes: [] }), /Unrecognized key/],
    [
      'an exclusion without reason',
      JSON.stringify({ name: 'x', exclude: [{ pattern: 'a', reason: ' ' }] }),
      /exclude\.0\.reason: every excluded case needs a reason/,
    ],
    ['an unknown feature', JSON.stringify({ name: 'x', expect: ['teleport'] }), /expect\.0/],
    [
      'an unset credential variable',
      JSON.stringify({ name: 'x', credentials: { userEnv: 'T_UNSET_U', passwordEnv: 'T_UNSET_P' } }),
      /T_UNSET_U, which is not set/,
    ],
  ])('exits 2 with one line on a profile with %s', async (_, text, message) => {
    writeFileSync(file('bad.json'), text);
    const result = await run(['--profile', file('bad.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a missing profile or a baseline entry without reason', async () => {
    expect((await run(['--profile', file('none.json')])).code).toBe(2);
    writeFileSync(file('noreason.json'), JSON.stringify({ knownFailures: [{ id: 'a', reason: '' }] }));
    const result = await run(['--baseline', file('noreason.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('every known failure needs a reason');
  });
});
