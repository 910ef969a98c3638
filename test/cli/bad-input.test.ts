import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './spawn-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-bad-input-'));
  await writeFile(path.join(dir, 'not-json.json'), '{ "target": ');
  await writeFile(path.join(dir, 'wrong-field.json'), JSON.stringify({ target: 42 }));
});

/** Each malformed input, and a word its one line must contain. */
const cases: [string, () => string[], RegExp][] = [
  ['bad host', () => ['--target', 'no such host!:1080'], /host/i],
  ['port 0', () => ['--target', '127.0.0.1:0'], /port/i],
  ['port 70000', () => ['--target', '127.0.0.1:70000'], /port/i],
  ['no port', () => ['--target', '127.0.0.1'], /port|host:port/i],
  ['unknown option (format)', () => ['--format', 'xml'], /unknown option/],
  ['unknown fuzz version', () => ['fuzz', '--socks-version', '7', '--runs', '1'], /version|7/],
  ['unwritable report path', () => ['--json', '/proc/no-such-dir/report.json'], /report|json|proc/i],
  [
    'JUnit path under a file',
    () => ['--junit', path.join(dir, 'not-json.json', 'r.xml')],
    /--junit .*cannot write/,
  ],
  ['--exec without {proxy}', () => ['client', '--exec', 'curl {url}'], /proxy/],
  [
    'unknown client SOCKS version',
    () => ['client', '--exec', 'nc -X 5 -x {proxy} {host} {port}', '--socks-version', '6'],
    /argument '6' is invalid. Allowed choices are 5, 4, 4a/,
  ],
  ['profile that is not JSON', () => ['--profile', path.join(dir, 'not-json.json')], /not JSON/],
  ['profile with a wrong field', () => ['--profile', path.join(dir, 'wrong-field.json')], /--profile .*: /],
  ['missing profile', () => ['--profile', path.join(dir, 'none.json')], /ENOENT/],
  ['jobs 0', () => ['--jobs', '0'], /--jobs/],
  ['fuzz jobs auto', () => ['fuzz', '--jobs', 'auto', '--runs', '1'], /--jobs/],
  ['negative timeout multiplier', () => ['--timeout-multiplier', '-1'], /--timeout-multiplier/],
  ['unknown feature', () => ['--expect', 'teleport'], /teleport/],
  ['unknown reference fault', () => ['--reference-fault', 'nope'], /nope/],
  ['bad shard', () => ['--shard', '3/2'], /--shard/],
  ['repeat 0', () => ['--repeat', '0'], /--repeat/],
  [
    'merge of a missing file',
    () => ['merge', path.join(dir, 'none.json'), '--json', path.join(dir, 'o.json')],
    /ENOENT/,
  ],
];

// One at a time: a usage error costs a CLI start, and twenty starts at once on two cores only wait on each other.
describe('malformed command-line input', () => {
  for (const [name, args, says] of cases) {
    it(`${name}: one clear line, exit 2`, async () => {
      const run = await runCli(args(), 20_000);
      const lines = run.stderr.trim().split('\n');
      expect(run.code, run.stderr).toBe(2);
      expect(lines[0]).toMatch(says);
      expect(lines.length, run.stderr).toBeLessThanOrEqual(2);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    });
  }
});
