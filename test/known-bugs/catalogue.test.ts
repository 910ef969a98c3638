import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type KnownBug, knownBugSchema, readCatalogue } from './catalogue.js';
import { isUpstreamVersion } from './obtain.js';
import { anyObtainableUncaught, caughtLine, formatTable, knownBugsDocument, summarize } from './report.js';
import type { KnownBugOutcome } from './run-known-bug.js';

const bugs = await readCatalogue();

/** A valid entry to break one field at a time. */
const sample: KnownBug = bugs.find((b) => b.id === 'microsocks-split-messages')!;

describe('the known-bugs catalogue', () => {
  it('has at least 12 entries, each a valid file named after its id, servers and clients both', () => {
    expect(bugs.length).toBeGreaterThanOrEqual(12);
    expect(new Set(bugs.map((b) => b.id)).size).toBe(bugs.length);
    expect(bugs.some((b) => b.role === 'server') && bugs.some((b) => b.role === 'client')).toBe(true);
  });

  it.each([
    ['a client bug caught by a server case', { role: 'client', run: { exec: 'x {proxy}' } }],
    ['a server case under a client run', { run: { exec: 'x {proxy}' } }],
    ['an unknown field', { note: 'x' }],
    ['a source that is not https', { sources: ['http://example.invalid/bug'] }],
    ['no catcher', { catchers: [] }],
    ['PASS counted as caught', { catchers: [{ case: 'socks5/method/greeting-bytewise', caught: ['PASS'] }] }],
    [
      'a because that is no regular expression',
      { catchers: [{ case: 'x', caught: ['FAIL'], because: '(' }] },
    ],
    ['an emulation that runs a server command', { obtain: { from: 'emulation', fault: 'f', why: 'w' } }],
    ['an id that is not lower-case words', { id: 'Microsocks_split' }],
  ])('rejects %s', (_, change) => {
    expect(knownBugSchema.safeParse({ ...sample, ...change }).success).toBe(false);
  });

  it('rejects a file not named after its id, saying which', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'known-bugs-'));
    await writeFile(path.join(dir, 'other-name.json'), JSON.stringify(sample));
    await expect(readCatalogue(dir)).rejects.toThrow(/other-name\.json: id microsocks-split-messages/);
  });

  it('reads Debian versions as upstream versions', () => {
    expect(isUpstreamVersion('1:9.2p1-2+deb12u10', '9.2p1')).toBe(true);
    expect(isUpstreamVersion('1.7.1+dfsg-1', '1.7.1')).toBe(true);
    expect(isUpstreamVersion('3.3.5+ds-10', '3.3.5')).toBe(true);
    expect(isUpstreamVersion('1.0.3-2', '1.0.3')).toBe(true);
    expect(isUpstreamVersion('1.0.31-1', '1.0.3')).toBe(false);
    expect(isUpstreamVersion('1.0.4-1', '1.0.3')).toBe(false);
  });
});

function outcome(id: string, status: KnownBugOutcome['status'], extra: Partial<KnownBugOutcome> = {}) {
  return {
    id,
    implementation: 'impl',
    version: '1.0',
    role: 'server',
    obtained: status === 'not obtainable' ? '' : 'npm impl@1.0',
    status,
    reason: '',
    catchers: [
      {
        catcher: 'socks5/x',
        expected: 'FAIL',
        observed: status === 'caught' ? 'FAIL' : 'PASS',
        caught: status === 'caught',
        detail: 'd',
      },
    ],
    durationMs: 1,
    ...extra,
  } satisfies KnownBugOutcome;
}

describe('the known-bugs table', () => {
  const outcomes = [
    outcome('a-caught', 'caught'),
    outcome('b-missed', 'not caught'),
    outcome('c-missing', 'case missing', { reason: 'not in this build of the suite: case socks5/y' }),
    outcome('d-gone', 'not obtainable', { reason: 'npm install impl@1.0 exited 1' }),
  ];

  it('says N of M caught, and why each other entry is not', () => {
    const table = formatTable(outcomes);
    expect(table).toContain('1 of 4 caught (1 not caught, 1 case missing, 1 not obtainable)');
    expect(table).toMatch(/- b-missed \(not caught\):\n {4}socks5\/x: d/);
    expect(table).toMatch(
      /- c-missing \(case missing\):\n {4}not in this build of the suite: case socks5\/y/,
    );
    expect(table).toMatch(/- d-gone \(not obtainable\):\n {4}npm install impl@1.0 exited 1/);
    expect(table.split('\n')[0]).toMatch(
      /^id +implementation +version +role +obtained +catching cases +result$/,
    );
  });

  it('fails the run for an obtainable entry not caught, never for one that cannot be obtained', () => {
    expect(anyObtainableUncaught(outcomes)).toBe(true);
    expect(anyObtainableUncaught([outcomes[0]!, outcomes[3]!])).toBe(false);
    expect(anyObtainableUncaught([outcomes[2]!])).toBe(true);
  });

  it('writes the same as JSON', () => {
    const document = knownBugsDocument(new Date(0), outcomes);
    expect(document).toMatchObject({ type: 'known-bugs', schema: 1, summary: summarize(outcomes) });
    expect(document.bugs.map((b) => b.id)).toEqual(outcomes.map((o) => o.id));
    expect(caughtLine(summarize([outcomes[0]!]))).toBe('1 of 1 caught');
  });
});
