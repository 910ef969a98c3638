import type { RunDocument } from '../../harness/model/result.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import type { RestartableTarget } from '../../harness/target/restartable.js';
import { serverGroups } from '../../suites/index.js';
import type { ChildServer } from './child-server.js';
import type { RealServer } from './real-server.js';
import type { RealServerSetup } from './servers.js';

/**
 * The started server as a target the harness restarts on its port after a crash, as it does a --target-cmd:
 * the case that killed it fails and the run goes on (npm socksv5 0.0.6 dies of interleaved RFC 1929 requests).
 */
class Restarted implements RestartableTarget {
  constructor(
    readonly server: RealServer,
    public current: ChildServer,
    readonly setup: RealServerSetup,
  ) {}

  death(): string | undefined {
    return this.current.exitReason();
  }

  awaitDeath(timeoutMs: number): Promise<string | undefined> {
    return this.current.awaitExit(timeoutMs);
  }

  async restart(): Promise<void> {
    await this.current.stop();
    this.current = await this.server.start({ ...this.setup, port: this.current.port });
  }
}

/** Runs the whole server suite against a started real server; rejects unless every case ran. */
export async function runAgainst(
  server: RealServer,
  running: ChildServer,
  setup: RealServerSetup,
): Promise<RunDocument> {
  const target = `127.0.0.1:${running.port}`;
  const restartable = new Restarted(server, running, setup);
  try {
    const started = {
      endpoint: { host: '127.0.0.1', port: running.port },
      description: target,
      restartable,
      output: () => restartable.current.output(),
      stop: async () => {},
    };
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'started', target: started },
        ...(server.checksCredentials ? { credentials: setup.credentials } : {}),
      }),
      {
        groups: serverGroups,
        version: 'real-servers',
        rerun: (c) => `npx socks-conformance --target ${target} --only ${c.id}`,
      },
    );
    if (outcome.kind === 'unreachable') throw new Error(`${server.id}: ${outcome.reason}`);
    const { document } = outcome;
    if (document.targetLost) {
      throw new Error(
        `${server.id} stopped answering after ${document.targetLost.afterCase}: ${document.targetLost.reason}\n${restartable.current.output()}`,
      );
    }
    if (!document.complete) throw new Error(`${server.id}: the run did not complete`);
    return document;
  } finally {
    // The caller stops the process it started; one started in its place after a crash is stopped here.
    if (restartable.current !== running) await restartable.current.stop();
  }
}
