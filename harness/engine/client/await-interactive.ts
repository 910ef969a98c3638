import type { ScriptedServer } from '../../reference/scripted-server.js';
import type { ClientOutput } from './client-under-test.js';

const POLL_MS = 50;

/**
 * An interactive case: waits at most `waitMs` for a client to connect to the case's scripted server, then at
 * most `deadlineMs` for its connections to end. Nothing of the client but the wire is seen.
 */
export async function awaitInteractiveClient(
  server: ScriptedServer,
  waitMs: number,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<ClientOutput> {
  const until = performance.now() + waitMs;
  while (server.sessions().length === 0 && performance.now() < until && !signal?.aborted)
    await new Promise((done) => setTimeout(done, POLL_MS));
  const connected = server.sessions().length > 0;
  if (connected) await server.settle(deadlineMs);
  return {
    exit: { code: undefined, timedOut: !connected },
    stdout: '',
    stderrTail: connected ? '' : `nobody connected within ${Math.round(waitMs / 1000)} s`,
  };
}
