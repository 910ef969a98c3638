import { connectFrom } from '../../echo/bind-peer.js';
import { type CaseListener, startCaseListener } from '../../echo/case-listener.js';
import type { CaseContext, CaseDefinition, CaseGroup, Feature, SocksVersion } from '../../model/case.js';
import { type Check, type CheckKind, skipped } from '../../model/outcome.js';
import { type CaseResult, caseResult } from '../../model/result.js';
import { applyStrict } from '../../model/verdict.js';
import { annotate } from '../../net/annotate.js';
import { formatEndpoint } from '../../net/endpoint.js';
import { redactStrings, secretsOf } from '../../net/redact.js';
import { openTcp, type TcpProbe } from '../../net/tcp-probe.js';
import { Trace } from '../../net/trace.js';
import { openUdp, type UdpProbe } from '../../net/udp-probe.js';
import { socksDissector } from '../../wire/dissector.js';
import { type QuietWatchOptions, watchQuiet } from './quiet-watch.js';

export type Environment = Omit<
  CaseContext,
  'connect' | 'connectPeer' | 'openUdp' | 'openListener' | 'ms' | 'segmentation' | 'trace'
> & {
  readonly timeoutMultiplier: number;
  readonly strict: boolean;
  /** Features the user requires (`--expect`): a case that finds one absent fails. */
  readonly expect: ReadonlySet<Feature>;
  /** The SOCKS versions the run tests (a `socks4://` target URL: SOCKS4 only); absent: all. */
  readonly versions?: readonly SocksVersion[];
};

const DEFAULT_DEADLINE_MS = 15_000;

/** Ends a case without a verdict of its own: the target could not be reached, or the deadline passed. */
class Unreachable extends Error {
  constructor(
    message: string,
    readonly kind: CheckKind,
  ) {
    super(message);
  }
}

/** Under `--expect FEATURE`, a target that refuses the feature fails instead of being UNSUPPORTED. */
function requireFeature(check: Check, feature: Feature | undefined, expect: ReadonlySet<Feature>): Check {
  if (!feature || !expect.has(feature) || check.verdict !== 'UNSUPPORTED') return check;
  const why = `--expect ${feature}: the feature is required`;
  // A refusal the case stated without outcomes keeps its reason in front of the requirement.
  const reason = check.matched === undefined && check.reason ? `${check.reason} (${why})` : why;
  return { ...check, verdict: 'FAIL', kind: 'feature-required', reason };
}

export interface RunCaseOptions {
  readonly quiet?: QuietWatchOptions;
  /** The pause after the first write of a split send and before its last (see `TcpOpenOptions.holdMs`), unscaled. */
  readonly holdMs?: number;
  /** A note that opens the trace: why this run of the case was made. */
  readonly note?: string;
}

/** Runs one case under its deadline; every connection it opened is destroyed when it ends, whatever happened. */
export async function runCase(
  definition: CaseDefinition,
  group: CaseGroup,
  env: Environment,
  rerun: string,
  { quiet, holdMs, note }: RunCaseOptions = {},
): Promise<CaseResult> {
  const trace = new Trace();
  if (note) trace.record({ type: 'note', conn: 'run', text: note });
  const probes: TcpProbe[] = [];
  const udpProbes: UdpProbe[] = [];
  const listeners: CaseListener[] = [];
  // Numbered when asked for, not when connected, so that connections opened in parallel get distinct names.
  const opened = { tcp: 0, peers: 0, udp: 0, listeners: 0 };
  let ended = false;
  /** Keeps a probe for the clean-up at the end; one that arrives after the case ended is closed at once. */
  const keep = <P extends { destroy(): void } | { close(): Promise<void> }>(list: P[], probe: P): P => {
    if (ended) {
      if ('destroy' in probe) probe.destroy();
      else void probe.close();
      throw new Unreachable('the case ended while a connection was being opened', 'deadline');
    }
    list.push(probe);
    return probe;
  };
  const ms = (value: number) => Math.round(value * env.timeoutMultiplier);
  const context: CaseContext = {
    ...env,
    segmentation: definition.segmentation ?? 'whole',
    ms,
    trace,
    connect: async () => {
      const conn = `c${++opened.tcp}`;
      const result = await openTcp(env.target.host, env.target.port, {
        trace,
        conn,
        connectTimeoutMs: ms(5000),
        ...(holdMs === undefined ? {} : { holdMs: ms(holdMs) }),
      });
      if (!result.ok)
        throw new Unreachable(`cannot connect to the target: ${result.code}`, 'target-unreachable');
      return keep(probes, result.probe);
    },
    connectPeer: async (to, from) => {
      const conn = `p${++opened.peers}`;
      const result = await connectFrom({ to, from, trace, conn, timeoutMs: ms(5000) });
      if (result.ok) keep(probes, result.probe);
      return result;
    },
    openUdp: async (family, localAddress) => {
      const conn = `u${++opened.udp}`;
      const probe = await openUdp({ trace, conn, family, ...(localAddress ? { localAddress } : {}) });
      return keep(udpProbes, probe);
    },
    openListener: async () => {
      const conn = `l${++opened.listeners}`;
      const listener = await startCaseListener(env.echo.tcpEcho4.host, env.echo.tcpEcho6?.host, (seen) =>
        trace.record({
          type: 'note',
          conn,
          at: trace.fromMonotonic(seen.at),
          text: `accepted a connection from ${formatEndpoint({ host: seen.from.address, port: seen.from.port })} at ${formatEndpoint(seen.to)}`,
        }),
      );
      trace.record({
        type: 'note',
        conn,
        text: `a listener of this case alone at ${listener.endpoints.map(formatEndpoint).join(' and ')}`,
      });
      return keep(listeners, listener);
    },
  };
  const started = performance.now();
  const watch = quiet ? watchQuiet(trace, quiet) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = ms(definition.deadlineMs ?? DEFAULT_DEADLINE_MS);
  let checks: Check[];
  try {
    const outcome = await Promise.race([
      definition.run(context),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Unreachable(`the case did not finish within ${deadline} ms`, 'deadline')),
          deadline,
        );
      }),
    ]);
    checks = Array.isArray(outcome) ? outcome : [outcome];
  } catch (error) {
    checks = [
      error instanceof Unreachable
        ? skipped(definition.clauses[0], 'ERROR', error.message, error.kind)
        : skipped(definition.clauses[0], 'ERROR', `harness error: ${String(error)}`, 'harness-error'),
    ];
  } finally {
    ended = true;
    clearTimeout(timer);
    watch?.stop();
    for (const probe of probes) probe.destroy();
    await Promise.all([...udpProbes, ...listeners].map((closable) => closable.close()));
  }
  checks = checks.map((c) => requireFeature(c, definition.feature, env.expect));
  checks = checks.map((c) => ({ ...c, verdict: applyStrict(c.verdict, env.strict) }));
  const secrets = secretsOf([env.credentials?.password]);
  return caseResult(definition, {
    role: definition.role,
    section: group.section,
    checks: redactStrings(checks, secrets),
    durationMs: Math.round(performance.now() - started),
    trace: annotate(trace, () => socksDissector(), secrets),
    rerun,
  });
}
