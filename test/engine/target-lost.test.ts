import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../harness/model/verdict.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

describe('the sanity probe between cases', () => {
  it('names the case after which the target stopped answering, and the run exits 3', async () => {
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
    expect(outcome.document.targetLost?.afterCase).toBe(first);
    expect(outcome.document.complete).toBe(false);
    expect(outcome.document.results).toHaveLength(1);
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
