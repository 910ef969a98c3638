import { type DestinationAnswer, newTokenPage, startTokenDestination } from '../../echo/token-destination.js';
import type { SocksVersion } from '../../model/case.js';
import {
  type ClientCaseDefinition,
  type ClientCaseGroup,
  type ClientRun,
  type DestinationKind,
  LONG_CREDENTIALS,
  LONG_NAME,
  NON_ASCII_NAME,
  type Placeholders,
} from '../../model/client-case.js';
import { type Check, skipped } from '../../model/outcome.js';
import { type CaseResult, caseResult } from '../../model/result.js';
import { applyStrict } from '../../model/verdict.js';
import { annotate } from '../../net/annotate.js';
import { type Endpoint, formatEndpoint } from '../../net/endpoint.js';
import { redactStrings, secretsOf } from '../../net/redact.js';
import { Trace } from '../../net/trace.js';
import { startScriptedServer } from '../../reference/scripted-server.js';
import { socksDissector } from '../../wire/dissector.js';
import { awaitInteractiveClient } from './await-interactive.js';
import { type ClientUnderTest, givesCredentials, runClientOnce } from './client-under-test.js';
import { applicability, declaredVersionSkip } from './client-versions.js';
import { judgedAndOther } from './judged-connections.js';

export interface ClientEnvironment {
  readonly client: ClientUnderTest;
  /** The version the client was declared to speak (`--socks-version`): cases of the others SKIP unrun. */
  readonly socksVersion?: SocksVersion;
  readonly timeoutMultiplier: number;
  readonly strict: boolean;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly signal?: AbortSignal;
}

const DEFAULT_DEADLINE_MS = 10_000;
const READ_MS = 5000;
const OBSERVE_MS = 2000;
/** How long the destination waits for a request before it answers unasked (tunnel clients send none). */
const UNASKED_AFTER_MS = 1000;
/** Where every case's destination listens. */
const DESTINATION_HOST = '127.0.0.1';
/** How long an interactive case waits for someone to point a client at its proxy (unscaled). */
export const INTERACTIVE_WAIT_MS = 60_000;

/** The scripted server's view is the server's: what the client sent is `received`, so the dissector is turned. */
const serverSideDissector = () => {
  const d = socksDissector();
  return { sent: d.received.bind(d), received: d.sent.bind(d) };
};

const destinationHosts: Record<DestinationKind, string> = {
  address: DESTINATION_HOST,
  name: 'localhost',
  ipv6: '::1',
  'non-ascii-name': NON_ASCII_NAME,
  'long-name': LONG_NAME,
};

function placeholdersFor(
  definition: ClientCaseDefinition,
  proxyPort: number,
  destination: Endpoint,
  path: string,
  credentials: ClientEnvironment['credentials'],
): Placeholders {
  const host = destinationHosts[definition.destination ?? 'address'];
  const port = String(destination.port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const { username, password } = definition.longCredentials ? LONG_CREDENTIALS : credentials;
  return {
    proxy: `127.0.0.1:${proxyPort}`,
    proxy_host: '127.0.0.1',
    proxy_port: String(proxyPort),
    user: username,
    password,
    host,
    port,
    path,
    url: `http://${urlHost}:${port}${path}`,
  };
}

function describeAnswer(answer: DestinationAnswer): string {
  if (!answer.admitted) return `${describeAnswerKind(answer)} (reached without the proxy)`;
  return describeAnswerKind(answer);
}

function describeAnswerKind(answer: DestinationAnswer): string {
  if (answer.kind === 'http')
    return `destination: ${answer.method} ${answer.path} answered ${answer.status}${answer.status === 200 ? ' with the token' : ''}`;
  if (answer.kind === 'bad-request')
    return `destination: not an HTTP request (${answer.reason}), answered 400`;
  const after = answer.after === 'fin' ? "the client's FIN" : 'a silence';
  return `destination: no request after ${after} (${answer.receivedOctets} octets received), answered the token unasked`;
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
  const page = newTokenPage();
  const deadline = ms(definition.deadlineMs ?? DEFAULT_DEADLINE_MS);
  // The token proves relaying only when it went to the scripted server's own relay connections.
  const relays = new Set<string>();
  const destination = await startTokenDestination({
    host: DESTINATION_HOST,
    ...page,
    silenceMs: ms(UNASKED_AFTER_MS),
    admits: (peer) => relays.has(formatEndpoint(peer)),
    onAnswer: (answer) => trace.record({ type: 'note', conn: 'd', text: describeAnswer(answer) }),
  });
  const server = await startScriptedServer({
    script: definition.script,
    trace,
    destination: destination.endpoint,
    times: { readMs: ms(READ_MS), observeMs: ms(OBSERVE_MS), relayMs: deadline },
    udpAnswer: Buffer.from(`${page.token}\n`, 'latin1'),
    onRelayOpened: (local) => relays.add(formatEndpoint(local)),
    caseDestination: {
      host: destinationHosts[definition.destination ?? 'address'],
      port: destination.endpoint.port,
    },
  }).catch(async (error: unknown) => {
    await destination.close();
    throw error;
  });
  let checks: Check[];
  try {
    const values = placeholdersFor(
      definition,
      server.endpoint.port,
      destination.endpoint,
      page.path,
      env.credentials,
    );
    const undeclared = declaredVersionSkip(definition, env.socksVersion);
    if (undeclared) {
      checks = [undeclared];
    } else if (definition.needsCredentials && !givesCredentials(env.client)) {
      checks = [
        skipped(
          definition.clauses[0],
          'SKIP',
          'the client command has no {user} placeholder: it was given no credentials',
          'not-applicable',
        ),
      ];
    } else {
      const interactive = env.client.kind === 'interactive';
      if (env.client.kind === 'interactive') env.client.announce(definition, values, ms(INTERACTIVE_WAIT_MS));
      const output = interactive
        ? await awaitInteractiveClient(server, ms(INTERACTIVE_WAIT_MS), deadline, env.signal)
        : await runClientOnce(env.client, values, deadline);
      await server.settle(ms(READ_MS + OBSERVE_MS));
      const tokenAt = output.stdout.indexOf(page.token);
      // Every answer of the destination, asked or unasked, starts so.
      const responseAt = output.stdout.indexOf('HTTP/1.');
      const run: ClientRun = {
        placeholders: values,
        ...(env.socksVersion ? { socksVersion: env.socksVersion } : {}),
        ...judgedAndOther(server.sessions()),
        exit: output.exit,
        tokenReceived: tokenAt >= 0,
        ...(tokenAt >= 0 ? { beforeToken: output.stdout.slice(Math.max(0, tokenAt - 32), tokenAt) } : {}),
        ...(responseAt >= 0
          ? { beforeResponse: output.stdout.slice(Math.max(0, responseAt - 32), responseAt) }
          : {}),
        destinationAnswers: destination.answers(),
        stderrTail: output.stderrTail,
        ...(interactive ? { interactive } : {}),
      };
      const notApplicable = applicability(definition, run);
      const outcome = notApplicable ?? definition.verdict(run);
      checks = Array.isArray(outcome) ? outcome : [outcome];
      const seen = checks.filter((c) => c.kind !== 'interactive-unseen');
      if (interactive && seen.length > 0) checks = seen;
    }
  } catch (error) {
    checks = [skipped(definition.clauses[0], 'ERROR', `harness error: ${String(error)}`, 'harness-error')];
  } finally {
    await server.close();
    await destination.close();
  }
  checks = checks.map((c) => ({ ...c, verdict: applyStrict(c.verdict, env.strict) }));
  const secrets = secretsOf([env.credentials.password]);
  return caseResult(definition, {
    role: 'client',
    section: group.section,
    checks: redactStrings(checks, secrets),
    durationMs: Math.round(performance.now() - started),
    trace: annotate(trace, serverSideDissector, secrets),
    rerun,
  });
}
