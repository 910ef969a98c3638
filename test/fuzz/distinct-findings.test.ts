import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzSignature, inputShape } from '../../suites/fuzz/signature.js';
import { runCli } from '../support/run-cli.js';

const run = (args: string[]) => runCli(args, { timeoutMs: 60_000 });

/**
 * Two faults the oracles see independently: a SOCKS5 request with an undefined CMD answered with success, and a
 * SOCKS4 request with an undefined CD granted. Seed 42 meets both within 200 runs of SOCKS 5 and 4.
 */
const twoFaults = [
  'fuzz',
  '--reference-fault',
  'undefined-cmd-succeeds',
  '--reference-fault',
  'socks4-undefined-cd-granted',
  '--socks-version',
  '5,4',
  '--seed',
  '42',
  '--runs',
  '200',
];

describe('a campaign collects distinct findings', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'fuzz-distinct-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('runs its whole budget on a reference with two faults: two findings, each saved and replayable', async () => {
    const dir = path.join(out, 'two');
    const json = path.join(out, 'two.json');
    const found = await run([...twoFaults, '--out', dir, '--json', json]);
    expect(found.code).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ schema: 3, cases: 200, stopOnFirst: false, complete: true });
    expect(report.findings.map((f: { clause: string }) => f.clause).sort()).toEqual([
      'rfc1928/4-cmd',
      'socks4/cd',
    ]);
    const hits = report.findings.map((f: { hits: number }) => f.hits);
    expect(report.hits).toBe(hits[0] + hits[1]);
    expect(Math.min(...hits)).toBeGreaterThanOrEqual(1);
    // The console and the report agree.
    expect(found.stdout).toMatch(
      new RegExp(`^fuzz: 200 cases in .*, 2 distinct findings; ${report.hits} inputs hit them$`, 'm'),
    );
    expect(found.stdout.match(/── FINDING /g)).toHaveLength(2);

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['violation-rfc1928-4-cmd-seed-42.json', 'violation-socks4-cd-seed-42.json']);
    for (const name of files) {
      const file = path.join(dir, name);
      const record = JSON.parse(await readFile(file, 'utf8'));
      expect(report.findings).toContainEqual({ ...record, createdAt: expect.any(String) });
      expect(found.stdout).toContain(`replay: npx socks-conformance fuzz --replay ${file}`);
      const replay = await run(['fuzz', '--replay', file]);
      expect(replay.code).toBe(1);
      expect(replay.stdout).toContain(`reproduced: ${record.clause}: ${record.what}`);
    }
  });

  it('--stop-on-first ends the campaign at its first finding', async () => {
    const dir = path.join(out, 'first');
    const json = path.join(out, 'first.json');
    const found = await run([...twoFaults, '--stop-on-first', '--out', dir, '--json', json]);
    expect(found.code).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ stopOnFirst: true, hits: 1 });
    expect(report.cases).toBeLessThan(200);
    expect(report.findings).toHaveLength(1);
    expect(await readdir(dir)).toHaveLength(1);
    expect(found.stdout).toMatch(
      new RegExp(`^fuzz: ${report.cases} cases in .*, 1 distinct finding; 1 input hit it$`, 'm'),
    );
  });
});

describe('a finding signature', () => {
  const greeting = { type: 'greeting', methods: [0] } as const;
  const request = { type: 'request', command: 0, destination: { kind: 'echo' } } as const;

  it('is the message kinds and the fields out of range, not the octets, destination or segmentation', () => {
    expect(inputShape({ version: '5', messages: [greeting, request] })).toBe('greeting request[CMD]');
    const other = {
      version: '5' as const,
      messages: [
        { ...greeting, methods: [0, 2], splitSeed: 3 },
        { ...request, command: 0xff, destination: { kind: 'refused' as const }, pipelined: true },
      ],
    };
    expect(inputShape(other)).toBe('greeting request[CMD]');
    expect(inputShape({ version: '5', messages: [{ ...greeting, cut: 1 }] })).toBe('greeting[cut]');
    expect(
      inputShape({ version: '5', messages: [greeting], alongside: [{ version: '5', messages: [greeting] }] }),
    ).toBe('c1: greeting | c2: greeting');
  });

  it('joins kind, clause and the oracle with its numbers left out', () => {
    const failure = (what: string) => ({
      kind: 'violation' as const,
      clause: 'rfc1928/4-cmd',
      what,
      input: { version: '5' as const, messages: [greeting, request] },
    });
    expect(fuzzSignature(failure("REP 00 for the undefined command X'00'"))).toBe(
      "violation rfc1928/4-cmd · REP N for the undefined command X'…' · greeting request[CMD]",
    );
    expect(fuzzSignature(failure("c2: REP 00 for the undefined command X'FF'"))).toBe(
      fuzzSignature(failure("REP 00 for the undefined command X'00'")),
    );
  });
});
