import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../harness/model/verdict.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

describe('the sanity probe between cases', () => {
  it('names the case after which the target stopped answering, blames no case, and the run exits 3', async () => {
    const server = await startReferenceServer();
    let first: string | undefined;
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        jobs: 1,
      }),
      {
        groups: serverGroups,
        version: 'test',
        rerun: () => '',
        onResult: (result) => {
          if (first) return;
          first = result.id;
          void server.close();
        },
      },
    );
    await server.close();
    expect(outcome.kind).toBe('ran');
    if (outcome.kind !== 'ran') return;
    // The target answered the probe after the first case and was gone before the next one connected: the next
    // case is named, but it never reached the target, so it is no suspect and keeps its own ERROR.
    const { targetLost, results } = outcome.document;
    const next = results.find((r) => r.id !== first);
    expect(targetLost?.afterCase).toBe(next?.id);
    expect(targetLost?.suspects).toEqual([]);
    expect(outcome.document.complete).toBe(false);
    expect(results).toHaveLength(2);
    expect(results.find((r) => r.id === first)?.verdict).toBe('PASS');
    expect(next?.verdict).toBe('ERROR');
    expect(next?.kind).toBe('target-unreachable');
    expect(outcome.exitCode).toBe(ExitCode.TARGET_UNREACHABLE);
  });

  it('reports an unreachable target before any case runs', async () => {
    const server = await startReferenceServer();
    const target = { host: server.host, port: server.port };
    await server.close();
    const outcome = await runServerSuite(runOptions({ target: { kind: 'address', endpoint: target } }), {
      groups: serverGroups,
      version: 'test',
      rerun: () => '',
    });
    expect(outcome.kind).toBe('unreachable');
  });
});
