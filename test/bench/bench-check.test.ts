import { describe, expect, it } from 'vitest';
import { checkExitCode, missesOf } from './bench-goals.js';
import type { TargetResult } from './bench-result.js';
import { formatTable, MISSED } from './bench-table.js';

function result(name: string, changes: Partial<TargetResult> = {}): TargetResult {
  return {
    target: name,
    endpoint: '127.0.0.1:1080',
    hostile: false,
    fuzzGoal: true,
    suite: {
      cases: 152,
      verdicts: '152 PASS',
      wallMs: 4600,
      processWallMs: 5400,
      floorMs: 4430,
      floorCase: 'socks5/udp/frag-timer',
      caseMsSum: 27000,
      wallOverFloor: 1.04,
      peakKiB: 110 * 1024,
    },
    bare: { exchanges: 15000, seconds: 5, concurrency: 16, perSecond: 3000 },
    fuzz: {
      rounds: 2,
      cases: 10000,
      sent: 9339,
      seconds: 12.5,
      perSecond: 747,
      cpuMs: 13000,
      cpuMsPerCase: 1.39,
      peakKiB: 130 * 1024,
      byRound: [],
    },
    raw: { sent: 9339, seconds: 11.6, perSecond: 805, cpuMs: 9400, cpuMsPerCase: 1.01, byRound: [] },
    fuzzOverRaw: 0.93,
    fuzzOverBare: 0.25,
    rawOverBare: 0.27,
    ...changes,
  };
}

const hostile = (name: string, wallOverFloor: number): TargetResult => {
  const {
    bare: _b,
    fuzz: _f,
    raw: _r,
    fuzzOverRaw: _o,
    fuzzOverBare: _ob,
    rawOverBare: _rb,
    ...suiteOnly
  } = result(name);
  return { ...suiteOnly, hostile: true, fuzzGoal: false, suite: { ...suiteOnly.suite, wallOverFloor } };
};

const allMet = [result('reference'), result('dante'), hostile('silent', 1.09)];

describe('npm run bench -- --check', () => {
  it('exits 0 when every figure meets its goal', () => {
    expect(allMet.flatMap(missesOf)).toEqual([]);
    expect(checkExitCode(allMet)).toBe(0);
  });

  it.each<[string, TargetResult[]]>([
    ['a suite over 1.2x its floor', [...allMet, hostile('hoard', 1.25)]],
    ['fuzz/raw under 0.9 where the goal applies', [result('reference', { fuzzOverRaw: 0.85 }), ...allMet]],
    ['no fuzz/raw where the goal applies', [result('dante', { fuzzOverRaw: undefined }), ...allMet]],
    [
      'a campaign at 200 MiB',
      [result('reference', { fuzz: { ...result('r').fuzz!, peakKiB: 200 * 1024 } }), ...allMet],
    ],
    [
      'a suite run at 200 MiB',
      [hostile('flood', 1.1), ...allMet].map((r, i) =>
        i === 0 ? { ...r, suite: { ...r.suite, peakKiB: 200 * 1024 } } : r,
      ),
    ],
    ['nothing measured', []],
  ])('exits 1 on %s', (_, results) => {
    expect(checkExitCode(results)).toBe(1);
  });

  it('holds fuzz/raw to its goal only where it applies', () => {
    expect(missesOf(result('microsocks', { fuzzGoal: false, fuzzOverRaw: 0.5 }))).toEqual([]);
  });

  it('marks the figure that misses, and fits a 120-column terminal', () => {
    const lines = formatTable([result('reference', { fuzzOverRaw: 0.85 }), hostile('reset-mid-reply', 1.3)]);
    expect(lines[2]).toMatch(new RegExp(`0\\.85 ${MISSED}`));
    expect(lines[2]).not.toMatch(/1\.04 ✗/);
    expect(lines[3]).toMatch(new RegExp(`1\\.30 ${MISSED}`));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
  });
});
