import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';
import { runCli } from './spawn-cli.js';

const only = ['socks5/method/*', 'socks5/request/*'];
let server: ReferenceServer;
let dir: string;
const files: string[] = [];
let whole: RunDocument;

async function run(shard?: { index: number; count: number }): Promise<RunDocument> {
  const outcome = await runServerSuite(
    runOptions({
      target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
      only,
      credentials: referenceCredentials,
      ...(shard ? { shard } : {}),
    }),
    { groups: serverGroups, version: 'test', rerun: () => '' },
  );
  if (outcome.kind !== 'ran') throw new Error(outcome.reason);
  return outcome.document;
}

beforeAll(async () => {
  server = await startReferenceServer();
  dir = await mkdtemp(path.join(tmpdir(), 'socks-conformance-merge-'));
  whole = await run();
  for (const index of [1, 2, 3]) {
    const file = path.join(dir, `shard-${index}.json`);
    await writeFile(file, JSON.stringify(await run({ index, count: 3 })));
    files.push(file);
  }
}, 60_000);

afterAll(() => server.close());

describe('socks-conformance merge', () => {
  it('joins every shard into the report of the whole run, in declaration order', async () => {
    const out = path.join(dir, 'merged.json');
    const result = await runCli(['merge', ...[...files].reverse(), '--json', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const merged = JSON.parse(await readFile(out, 'utf8')) as RunDocument;
    expect(merged.results.map((r) => [r.id, r.verdict])).toEqual(whole.results.map((r) => [r.id, r.verdict]));
    expect(merged.summary.total).toBe(whole.summary.total);
    expect(merged.summary.PASS).toBe(whole.summary.PASS);
    expect(merged.shard).toBeUndefined();
  });

  async function refused(args: string[], pattern: RegExp): Promise<void> {
    const out = path.join(dir, 'refused.json');
    const result = await runCli(['merge', ...args, '--json', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(pattern);
    await expect(readFile(out)).rejects.toThrow();
  }

  it('refuses overlapping, missing and unrelated shards with one line and exit 2', async () => {
    await refused([files[0]!, files[0]!, files[1]!], /both shard 1/);
    await refused([files[0]!, files[1]!], /shard 3\/3 is missing/);
    const document = JSON.parse(await readFile(files[2]!, 'utf8')) as RunDocument;
    const other = path.join(dir, 'other-target.json');
    await writeFile(other, JSON.stringify({ ...document, target: '127.0.0.1:1' }));
    await refused([files[0]!, files[1]!, other], /different targets/);
    const version = path.join(dir, 'other-version.json');
    await writeFile(version, JSON.stringify({ ...document, version: '9.9.9' }));
    await refused([files[0]!, files[1]!, version], /different tool versions/);
    const cases = path.join(dir, 'other-cases.json');
    await writeFile(cases, JSON.stringify({ ...document, shard: { ...document.shard, caseSet: 'x' } }));
    await refused([files[0]!, files[1]!, cases], /different case sets/);
    const plain = path.join(dir, 'plain.json');
    await writeFile(plain, JSON.stringify({ ...whole }));
    await refused([files[0]!, plain], /not the report of a shard/);
  });
});
