import { EchoNetwork } from '../echo/echo-network.js';
import type { Environment } from '../engine/server/run-case.js';
import type { Capabilities } from '../model/capabilities.js';
import { probeCapabilities } from '../probes/capabilities.js';
import { sanityProbe, speaksSocks5 } from '../probes/sanity.js';
import { startTarget } from '../target/start-target.js';
import type { StartedTarget } from '../target/target.js';
import { type Credentials, type RunOptions, SETUP_PROBE_MS } from './run-options.js';

/** The target did not answer the sanity probe (a clean SOCKS5 greeting): no case could run. */
export class TargetUnreachableError extends Error {}

/** A run set up: the target reached or started, answering; the echo network up; what the target offers known. */
export interface Session {
  readonly options: RunOptions;
  readonly target: StartedTarget;
  readonly echo: EchoNetwork;
  /** The credentials the cases use: the options', or the built-in reference server's own account. */
  readonly credentials: Credentials | undefined;
  /** Absent when the session was opened without the capability probe (the fuzzer). */
  readonly capabilities?: Capabilities;
  /** What every server case runs with. */
  readonly env: Environment;
  /** `ms` scaled by the run's timeout multiplier. */
  ms(ms: number): number;
  close(): Promise<void>;
}

const noCapabilities: Capabilities = {
  acceptedMethods: [],
  sessionMethod: undefined,
  credentialsAccepted: undefined,
  bind: undefined,
  udp: undefined,
  ipv6: undefined,
  names: undefined,
};

/**
 * Sets a run up, the one way every caller does: reaches or starts the target (the built-in reference server when
 * none is named), checks that it answers a SOCKS5 greeting, starts the echo network and, unless told not to,
 * asks the target what it offers. Rejects with TargetUnreachableError when the target does not answer, and with
 * the errors of `startTarget` when it cannot be started; whatever it started is stopped then.
 */
export async function openSession(
  options: RunOptions,
  { capabilities: probe = true }: { readonly capabilities?: boolean } = {},
): Promise<Session> {
  const ms = (value: number) => Math.round(value * options.timeoutMultiplier);
  const target = await startTarget(options.target, options.credentials);
  let echo: EchoNetwork | undefined;
  try {
    const sanity = await sanityProbe(target.endpoint, ms(SETUP_PROBE_MS), options.versions);
    if (!sanity.ok) throw new TargetUnreachableError(`${target.description}: ${sanity.reason}`);
    echo = await EchoNetwork.start(options.echoHost ? { host4: options.echoHost } : {});
    const credentials = options.credentials ?? target.reference?.credentials;
    // The capability probe speaks SOCKS5: a run of SOCKS4 alone asks nothing.
    const capabilities =
      probe && speaksSocks5(options.versions)
        ? await probeCapabilities({
            target: target.endpoint,
            echo: echo.endpoints(),
            names: echo.names,
            credentials,
            timeoutMs: ms(SETUP_PROBE_MS),
          })
        : undefined;
    const network = echo;
    return {
      options,
      target,
      echo: network,
      credentials,
      ...(capabilities ? { capabilities } : {}),
      env: {
        target: target.endpoint,
        echo: network.endpoints(),
        names: network.names,
        capabilities: capabilities ?? noCapabilities,
        credentials,
        timeoutMultiplier: options.timeoutMultiplier,
        strict: options.strict,
        expect: new Set(options.expect),
        altSource: options.altSource,
        ...(options.versions ? { versions: options.versions } : {}),
      },
      ms,
      close: async () => {
        await network.close();
        await target.stop();
      },
    };
  } catch (error) {
    await echo?.close();
    await target.stop();
    throw error;
  }
}
