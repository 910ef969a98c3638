import { describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { parseTargetCommand } from '../../harness/target/command-line.js';
import { startSpawnedTarget } from '../../harness/target/spawned-target.js';
import type { StartedTarget } from '../../harness/target/target.js';
import { serverGroups } from '../../suites/index.js';

// A mutant whose process really dies (SIGKILL) on a first octet other than 4 or 5; the harness is given only its
// address (--target), so it cannot restart it. The test starts it (npm test builds dist/ before vitest runs).
const crashingCommand = `${process.execPath} test/target/crashing-reference.mjs {port} unknown-version-crashes`;
const culprit = 'socks5/method/greeting-version-6';

async function runAgainst(target: StartedTarget): Promise<RunDocument> {
  const outcome = await runServerSuite(
    runOptions({
      target: { kind: 'address', endpoint: target.endpoint },
      only: ['socks5/method/*'],
      jobs: 8,
    }),
    { groups: serverGroups, version: 'test', rerun: () => '' },
  );
  if (outcome.kind !== 'ran') throw new Error(outcome.reason);
  return outcome.document;
}

describe('a --target that stops answering, which the harness cannot restart', () => {
  it('passes none of the cases that were running, fails none of them wrongly, and lists them', async () => {
    const target = await startSpawnedTarget(parseTargetCommand(crashingCommand));
    let document: RunDocument;
    try {
      document = await runAgainst(target);
    } finally {
      await target.stop();
    }
    // Before: the culprit PASSed (its check takes a reset for a close) and a case running beside it FAILed.
    expect(document.results.find((r) => r.id === culprit)?.verdict).toBe('ERROR');
    expect(document.results.filter((r) => r.verdict === 'FAIL').map((r) => r.id)).toEqual([]);
    const lost = document.targetLost;
    expect(lost?.suspects).toContain(culprit);
    const suspects = document.results.filter((r) => lost?.suspects?.includes(r.id));
    for (const r of suspects) expect([r.id, r.verdict, r.kind]).toEqual([r.id, 'ERROR', 'target-lost']);
  }, 60_000);

  it('names the culprit by re-running the cases that were running one at a time, once it answers again', async () => {
    const target = await startSpawnedTarget(parseTargetCommand(crashingCommand));
    // A supervisor of the test's own: the process is started again each time it dies, on the same port.
    let supervising = true;
    const supervisor = (async () => {
      while (supervising) {
        if (target.restartable?.death() !== undefined) await target.restartable.restart();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let document: RunDocument;
    try {
      document = await runAgainst(target);
    } finally {
      supervising = false;
      await supervisor;
      await target.stop();
    }
    expect(document.targetLost?.culprits).toEqual([culprit]);
    const result = document.results.find((r) => r.id === culprit);
    expect([result?.verdict, result?.kind]).toEqual(['FAIL', 'target-lost']);
    const others = document.results.filter((r) => r.id !== culprit);
    expect(others.filter((r) => r.verdict !== 'PASS').map((r) => `${r.id} ${r.verdict}`)).toEqual([]);
  }, 60_000);
});
