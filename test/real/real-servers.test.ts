import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksWithoutPass } from '../support/checks-without-pass.js';
import type { ChildServer } from './child-server.js';
import { compareVerdicts, formatDifferences, readExpectations } from './expectations.js';
import { expectationsFile, fromRoot } from './paths.js';
import { runAgainst } from './run-real.js';
import { prepareRealServers, type RealServerSetup, realServers, startRealServer } from './servers.js';

let setup: RealServerSetup;

// apt-get may have to install the packages first: each apt-get call is bounded at 120 s.
beforeAll(async () => {
  setup = await prepareRealServers();
}, 400_000);

describe.concurrent('real SOCKS servers keep their expected verdicts', () => {
  for (const server of realServers) {
    describe(`${server.id}: ${server.description}`, () => {
      let running: ChildServer | undefined;
      beforeAll(async () => {
        running = await startRealServer(server, setup);
      }, 15_000);
      afterAll(async () => {
        await running?.stop();
      }, 10_000);

      it(`matches ${expectationsFile(server.id)}`, async () => {
        const file = expectationsFile(server.id);
        const expected = await readExpectations(fromRoot(file));
        if (!expected) expect.fail(`${file} does not exist: write it with npm run expectations`);
        const document = await runAgainst(server, running!, setup);
        const differences = compareVerdicts(expected, document.results);
        if (differences.length > 0) expect.fail(formatDifferences(file, differences));
        expect(document.results.flatMap(checksWithoutPass)).toEqual([]);
        // A FAIL on a real server names the outcome it matched: an answer no outcome lists is one the cases
        // have not described yet, and its verdict says nothing about which rule it breaks.
        const unmatched = document.results
          .flatMap((r) => r.checks.map((c) => ({ id: r.id, ...c })))
          .filter((c) => c.verdict === 'FAIL' && c.matched === undefined && c.kind === undefined)
          .map((c) => `${c.id} [${c.clause}]: ${c.observed}`);
        expect(unmatched).toEqual([]);
      }, 120_000);
    });
  }
});
