import type { HttpResponder } from '../echo/http-responder.js';
import { formatTrace } from '../net/hexdump.js';
import { Trace } from '../net/trace.js';
import { startScriptedServer } from '../reference/scripted-server.js';
import { socksDissector } from '../wire/dissector.js';
import { awaitInteractiveClient } from './await-interactive.js';
import {
  type ClientCaseDefinition,
  type ClientCaseGroup,
  type ClientRun,
  INTERACTIVE_UNSEEN,
  type Placeholders,
} from './client-case.js';
import { type ClientUnderTest, givesCredentials, runClientOnce } from './client-under-test.js';
import { applicability } from './client-versions.js';
import { type Check, skipped } from './outcome.js';
import type { CaseResult } from './result.js';
import { applyStrict, worst } from './verdict.js';

export interface ClientEnvironment {
  readonly client: ClientUnderTest;
  readonly responder: HttpResponder;
  readonly timeoutMultiplier: number;
  readonly strict: boolean;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly signal?: AbortSignal;
}

const DEFAULT_DEADLINE_MS = 10_000;
const READ_MS = 5000;
const OBSERVE_MS = 2000;
/** How long an interactive case waits for someone to point a client at its proxy (unscaled). */
export const INTERACTIVE_WAIT_MS = 60_000;

/** The scripted server's view is the server's: what the client sent is `received`, so the dissector is turned. */
const serverSideDissector = () => {
  const d = socksDissector();
  return { sent: d.received.bind(d), received: d.sent.bind(d) };
};

function placeholdersFor(
  definition: ClientCaseDefinition,
  proxyPort: number,
  responder: HttpResponder,
  path: string,
  credentials: ClientEnvironment['credentials'],
): Placeholders {
  const host =
    definition.destination === 'name'
      ? 'localhost'
      : definition.destination === 'ipv6'
        ? '::1'
        : responder.endpoint.host;
  const port = String(responder.endpoint.port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    proxy: `127.0.0.1:${proxyPort}`,
    proxy_host: '127.0.0.1',
    proxy_port: String(proxyPort),
    user: credentials.username,
    password: credentials.password,
    host,
    port,
    url: `http://${urlHost}:${port}${path}`,
  };
}

/** Runs one client case: a scripted server of its own, the client once, then the case's verdict. */
export async function runClientCase(
  definition: ClientCaseDefinition,
  group: ClientCaseGroup,
  env: ClientEnvironment,
  rerun: string,
): Promise<CaseResult> {
  const ms = (value: number) => Math.round(value * env.timeoutMultiplier);
  const started = performance.now();
  const trace = new Trace();
  const page = env.responder.register();
  const deadline = ms(definition.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const server = await startScriptedServer({
    script: definition.script,
    trace,
    destination: env.responder.endpoint,
    times: { readMs: ms(READ_MS), observeMs: ms(OBSERVE_MS), relayMs: deadline },
    udpAnswer: Buffer.from(`${page.body}\n`, 'latin1'),
  });
  let checks: Check[];
  try {
    const values = placeholdersFor(
      definition,
      server.endpoint.port,
      env.responder,
      page.path,
      env.credentials,
    );
    if (definition.needsCredentials && !givesCredentials(env.client)) {
      checks = [
        skipped(
          definition.clauses[0],
          'SKIP',
          'the client command has no {user} placeholder: it was given no credentials',
        ),
      ];
    } else {
      const interactive = env.client.kind === 'interactive';
      if (env.client.kind === 'interactive') env.client.announce(definition, values, ms(INTERACTIVE_WAIT_MS));
      const output = interactive
        ? await awaitInteractiveClient(server, ms(INTERACTIVE_WAIT_MS), deadline, env.signal)
        : await runClientOnce(env.client, values, deadline);
      await server.settle(ms(READ_MS + OBSERVE_MS));
      const tokenAt = output.stdout.indexOf(page.body);
      const run: ClientRun = {
        placeholders: values,
        sessions: server.sessions(),
        exit: output.exit,
        tokenReceived: tokenAt >= 0,
        ...(tokenAt >= 0 ? { beforeToken: output.stdout.slice(Math.max(0, tokenAt - 32), tokenAt) } : {}),
        destinationHits: env.responder.hits(page.path),
        stderrTail: output.stderrTail,
        ...(interactive ? { interactive } : {}),
      };
      const notApplicable = applicability(definition, run);
      const outcome = notApplicable ?? definition.verdict(run);
      checks = Array.isArray(outcome) ? outcome : [outcome];
      const seen = checks.filter((c) => c.matched !== INTERACTIVE_UNSEEN);
      if (interactive && seen.length > 0) checks = seen;
    }
  } catch (error) {
    checks = [skipped(definition.clauses[0], 'ERROR', `harness error: ${String(error)}`)];
  } finally {
    await server.close();
  }
  checks = checks.map((c) => ({ ...c, verdict: applyStrict(c.verdict, env.strict) }));
  const verdict = worst(checks.map((c) => c.verdict));
  const decisive = checks.find((c) => c.verdict === verdict) ?? checks[0]!;
  return {
    id: definition.id,
    clause: decisive.clause,
    clauses: definition.clauses,
    level: definition.level,
    role: 'client',
    section: group.section,
    verdict,
    title: definition.title,
    requirement: definition.requirement,
    expected: decisive.expected,
    observed: decisive.observed,
    matched: decisive.matched,
    checks,
    durationMs: Math.round(performance.now() - started),
    trace: formatTrace(trace, serverSideDissector),
    rerun,
  };
}
