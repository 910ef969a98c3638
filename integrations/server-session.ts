import { EchoNetwork } from '../harness/echo/echo-network.js';
import type { Environment } from '../harness/engine/server/run-case.js';
import type { Feature } from '../harness/model/case.js';
import { formatEndpoint } from '../harness/net/endpoint.js';
import { probeCapabilities } from '../harness/probes/capabilities.js';
import { sanityProbe } from '../harness/probes/sanity.js';
import { TargetUnreachableError } from './run-server-suite.js';
import { resolveTarget, type TargetInput } from './target.js';

export interface SessionOptions {
  readonly target?: TargetInput;
  readonly referenceFaults?: readonly string[];
  readonly timeoutMultiplier?: number;
  readonly strict?: boolean;
  readonly expect?: readonly Feature[];
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly altSource?: string;
  readonly echoHost?: string;
}

export interface ServerSession {
  readonly env: Environment;
  readonly target: string;
  close(): Promise<void>;
}

/**
 * What `runSuite` sets up once for a run, for callers that run cases one at a time (the vitest helper): the
 * sanity probe, the echo network and the capability probe.
 */
export async function openServerSession(options: SessionOptions): Promise<ServerSession> {
  const multiplier = options.timeoutMultiplier ?? 1;
  const target = await resolveTarget(options.target, options.referenceFaults);
  let echo: EchoNetwork | undefined;
  try {
    const sanity = await sanityProbe(target.endpoint, Math.round(3000 * multiplier));
    if (!sanity.ok) throw new TargetUnreachableError(`${formatEndpoint(target.endpoint)}: ${sanity.reason}`);
    echo = await EchoNetwork.start(options.echoHost ? { host4: options.echoHost } : {});
    const credentials = options.credentials ?? target.credentials;
    const capabilities = await probeCapabilities({
      target: target.endpoint,
      echo: echo.endpoints(),
      names: echo.names,
      credentials,
      timeoutMs: Math.round(3000 * multiplier),
    });
    const network = echo;
    return {
      target: formatEndpoint(target.endpoint),
      env: {
        target: target.endpoint,
        echo: network.endpoints(),
        names: network.names,
        capabilities,
        credentials,
        timeoutMultiplier: multiplier,
        strict: options.strict ?? false,
        expect: new Set(options.expect ?? []),
        altSource: options.altSource ?? '127.0.0.2',
      },
      close: async () => {
        await network.close();
        await target.close();
      },
    };
  } catch (error) {
    await echo?.close();
    await target.close();
    throw error;
  }
}
