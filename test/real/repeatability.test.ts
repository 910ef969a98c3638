import { beforeAll, describe, expect, it } from 'vitest';
import { benchTargets } from '../bench/bench-targets.js';
import { formatRepeatability, repeatedRuns } from '../bench/flakes.js';
import { fromRoot } from './paths.js';
import { prepareRealServers } from './servers.js';

/** Consecutive full runs per target (docs/performance.md says twenty). */
const RUNS = Number(process.env.REPEAT_RUNS ?? 20);

// Dante may have to be installed first: each apt-get call is bounded at 120 s.
beforeAll(async () => {
  await prepareRealServers();
}, 400_000);

describe.concurrent('consecutive full runs give the same verdicts', () => {
  for (const name of ['reference', 'dante']) {
    it(`${name}: ${RUNS} runs, no case flakes`, async () => {
      const spec = benchTargets().find((s) => s.name === name)!;
      if (typeof spec.open === 'string') expect.fail(`${name} cannot be started: ${spec.open}`);
      const target = await spec.open();
      try {
        const report = await repeatedRuns(fromRoot('dist/cli/main.js'), target, RUNS);
        process.stdout.write(`repeatability: ${formatRepeatability(report)}\n`);
        expect(report.cases).toBeGreaterThan(100);
        expect(report.flakes).toEqual([]);
      } finally {
        await target.stop();
      }
    }, 600_000);
  }
});
