/**
 * `npm run bench`: fuzz cases per second against the reference server, and in the same run, on the same server,
 * bare exchanges (connect, SOCKS5 greeting, METHOD selection, close): the fuzzer's overhead as a ratio. Prints a
 * table and writes reports/bench.json (whole or not at all).
 */
import os from 'node:os';
import { fuzzOpenTarget, openFuzzTarget } from '../cli/fuzz-server.js';
import { toolVersion } from '../cli/version.js';
import type { Endpoint } from '../harness/net/endpoint.js';
import { writeWhole } from '../harness/report/write-file.js';
import { greet } from '../harness/runner/greet.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SEED = 1928;
const OUT = process.env.BENCH_OUT ?? 'reports/bench.json';

async function bareExchanges(target: Endpoint, ms: number): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < ms) {
    const result = await greet(target, [0x00], 2000);
    if (!result.ok || result.reply.kind !== 'decoded')
      throw new Error('the reference server stopped answering');
    count += 1;
  }
  return { count, seconds: (performance.now() - started) / 1000 };
}

const target = await openFuzzTarget({});
try {
  const fuzzStarted = performance.now();
  const campaign = await fuzzOpenTarget(target, { seed: SEED, timeMs: SECONDS * 1000 });
  const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;
  if (campaign.finding) throw new Error(`the reference server gave a finding: ${campaign.finding.what}`);
  const bare = await bareExchanges(target.env.target(), SECONDS * 1000);
  const fuzzRate = campaign.stats.cases / fuzzSeconds;
  const bareRate = bare.count / bare.seconds;
  const report = {
    tool: 'socks-conformance',
    toolVersion,
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    seed: SEED,
    fuzz: { cases: campaign.stats.cases, seconds: round(fuzzSeconds), perSecond: round(fuzzRate) },
    bare: { exchanges: bare.count, seconds: round(bare.seconds), perSecond: round(bareRate) },
    /** How many bare exchanges fit in the time of one fuzz case. */
    overhead: round(bareRate / fuzzRate),
  };
  const rows = [
    ['measure', 'count', 'seconds', 'per second'],
    [
      'fuzz cases (deliver, judge, probe)',
      String(report.fuzz.cases),
      String(report.fuzz.seconds),
      String(report.fuzz.perSecond),
    ],
    [
      'bare connect-greeting-close',
      String(report.bare.exchanges),
      String(report.bare.seconds),
      String(report.bare.perSecond),
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
  process.stdout.write(`overhead: one fuzz case costs ${report.overhead} bare exchanges\n`);
  await writeWhole(OUT, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`JSON: ${OUT}\n`);
} finally {
  await target.close();
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
