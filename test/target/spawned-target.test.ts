import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Jobs } from '../../harness/engine/server/concurrency.js';
import type { CaseResult, RunDocument } from '../../harness/model/result.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { parseTargetCommand } from '../../harness/target/command-line.js';
import { startSpawnedTarget } from '../../harness/target/spawned-target.js';
import type { StartedTarget } from '../../harness/target/target.js';
import { serverGroups } from '../../suites/index.js';

// The reference server as a separate process (the built CLI; npm test builds before vitest runs).
const node = process.execPath;
const serveCommand = `${node} dist/cli/main.js serve --port {port}`;
/** A mutant whose process really dies (SIGKILL) on a first octet other than 4 or 5. */
const crashingCommand = `${node} test/target/crashing-reference.mjs {port} unknown-version-crashes`;
const culprits = ['socks5/method/greeting-version-6', 'socks4/dispatch/neither-version'];
const only = ['socks5/method/*', 'socks5/request/*', 'socks4/dispatch/*'];

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function run(target: { host: string; port: number }, jobs: Jobs, started?: StartedTarget) {
  const outcome = await runServerSuite(
    runOptions({
      target: started ? { kind: 'started', target: started } : { kind: 'address', endpoint: target },
      only,
      jobs,
      credentials: referenceCredentials,
    }),
    { groups: serverGroups, version: 'test', rerun: () => '' },
  );
  if (outcome.kind !== 'ran') throw new Error(outcome.reason);
  return outcome.document;
}

function verdicts(document: RunDocument): Record<string, string> {
  return Object.fromEntries(document.results.map((r: CaseResult) => [r.id, r.verdict]));
}

async function healthyVerdicts(): Promise<Record<string, string>> {
  const reference = await startReferenceServer();
  try {
    return verdicts(await run({ host: reference.host, port: reference.port }, 8));
  } finally {
    await reference.close();
  }
}

describe('a target started with --target-cmd', () => {
  it('starts on a free port, serves the suite, and is gone once stopped', async () => {
    const target = await startSpawnedTarget(parseTargetCommand(serveCommand));
    try {
      const document = await run(target.endpoint, 8, target);
      expect(document.complete).toBe(true);
      expect(document.targetRestarts).toBeUndefined();
      expect(document.summary.FAIL).toBe(0);
    } finally {
      await target.stop();
    }
    expect(target.restartable?.death()).toBe('stopped by the harness');
    expect(await accepts(target.endpoint.port)).toBe(false);
  });

  it('can be asked after every case whether it died, without piling up listeners on the process', async () => {
    const target = await startSpawnedTarget(parseTargetCommand(serveCommand));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 20; i++) expect(await target.restartable?.awaitDeath(1)).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      await target.stop();
    }
    expect(warnings).toEqual([]);
  });

  it('names a command that exits before listening', async () => {
    const start = startSpawnedTarget(parseTargetCommand("sh -c 'exit 3' {port}"));
    await expect(start).rejects.toThrow(/^--target-cmd sh: exited with code 3 before listening$/);
  });

  it('gives up, bounded, on a command that never listens, and stops it', async () => {
    const started = performance.now();
    const start = startSpawnedTarget(parseTargetCommand('sleep 30 {port}'), { readyMs: 300, stopMs: 500 });
    await expect(start).rejects.toThrow(/was not listening on 127\.0\.0\.1:\d+ within 300 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('a started target that crashes', () => {
  it.each<Jobs>([8, 'auto'])(
    'is restarted; the case that killed it fails and every other case keeps its verdict (--jobs %s)',
    async (jobs) => {
      const healthy = await healthyVerdicts();
      const target = await startSpawnedTarget(parseTargetCommand(crashingCommand));
      let document: RunDocument;
      try {
        document = await run(target.endpoint, jobs, target);
      } finally {
        await target.stop();
      }
      expect(document.complete).toBe(true);
      expect(document.targetLost).toBeUndefined();
      expect(document.targetRestarts?.flatMap((r) => r.culprits).sort()).toEqual([...culprits].sort());
      for (const r of document.targetRestarts ?? []) expect(r.reason).toBe('killed by SIGKILL');
      const crashed = document.results.filter((r) => culprits.includes(r.id));
      for (const r of crashed) {
        expect(r.verdict).toBe('FAIL');
        expect(r.observed).toMatch(/^the target process died during this case \(killed by SIGKILL\)/);
      }
      const others = { ...verdicts(document) };
      for (const id of culprits) delete others[id];
      const expected = { ...healthy };
      for (const id of culprits) delete expected[id];
      expect(others).toEqual(expected);
    },
    60_000,
  );

  it('with one case at a time, names that case without running it again', async () => {
    const target = await startSpawnedTarget(parseTargetCommand(crashingCommand));
    let document: RunDocument;
    try {
      document = await run(target.endpoint, 1, target);
    } finally {
      await target.stop();
    }
    expect(document.complete).toBe(true);
    expect(document.targetRestarts?.map((r) => r.duringCases)).toEqual(culprits.map((id) => [id]));
    expect(document.results.filter((r) => r.verdict === 'FAIL').map((r) => r.id)).toEqual(culprits);
  }, 60_000);
});
