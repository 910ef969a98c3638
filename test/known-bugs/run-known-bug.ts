/**
 * Runs one known bug: obtains its implementation, starts it on loopback, runs exactly its catchers (its cases in
 * one suite run; each fuzz campaign against a fresh start) and says whether they caught it.
 */

import { runClientSuite } from '../../harness/engine/client/run-client-suite.js';
import { explain } from '../../harness/model/outcome.js';
import type { CaseResult } from '../../harness/model/result.js';
import { freeTcpPort } from '../../harness/net/free-port.js';
import { isClientFault } from '../../harness/reference/client-faults.js';
import { isFault } from '../../harness/reference/faults.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { fuzzServer } from '../../integrations/fuzz-server.js';
import { clientGroups } from '../../suites/client/index.js';
import { serverGroups } from '../../suites/index.js';
import type { ChildServer } from '../real/child-server.js';
import { type CaseCatcher, type Catcher, catcherName, type FuzzCatcher, type KnownBug } from './catalogue.js';
import { knownBugClient, serverChecksCredentials, serverCredentials, startKnownBugServer } from './launch.js';
import { type Obtained, obtainImplementation } from './obtain.js';

export type KnownBugStatus = 'caught' | 'not caught' | 'case missing' | 'not obtainable' | 'error';

export interface CatcherOutcome {
  readonly catcher: string;
  /** What counts as caught: verdicts of a case, the finding of a fuzz campaign. */
  readonly expected: string;
  /** The verdict (a case) or the finding (a campaign); absent when it did not run. */
  readonly observed?: string;
  readonly caught: boolean;
  /** The case's matched outcome and observation, or the finding's description. */
  readonly detail: string;
}

export interface KnownBugOutcome {
  readonly id: string;
  readonly implementation: string;
  /** The version tested, or `emulated`. */
  readonly version: string;
  readonly role: KnownBug['role'];
  /** How it was obtained, with the exact version; empty when it could not be. */
  readonly obtained: string;
  readonly status: KnownBugStatus;
  /** Why it is not caught (not obtainable, the cases missing, an error), or empty. */
  readonly reason: string;
  readonly pending?: string;
  readonly catchers: readonly CatcherOutcome[];
  readonly durationMs: number;
}

export interface RunOptions {
  readonly timeoutMultiplier?: number;
}

const serverCaseIds = new Set(serverGroups.flatMap((g) => g.cases.map((c) => c.id)));
const clientCaseIds = new Set(clientGroups.flatMap((g) => g.cases.map((c) => c.id)));

/** The catchers (and the emulation's fault) this build of the suite does not have. */
export function missingFromSuite(bug: KnownBug): string[] {
  const ids = bug.role === 'client' ? clientCaseIds : serverCaseIds;
  const missing = bug.catchers.flatMap((c) => ('case' in c && !ids.has(c.case) ? [`case ${c.case}`] : []));
  if (bug.obtain.from === 'emulation') {
    const known = bug.role === 'client' ? isClientFault(bug.obtain.fault) : isFault(bug.obtain.fault);
    if (!known)
      missing.push(
        `${bug.role === 'client' ? 'reference client' : 'reference server'} fault ${bug.obtain.fault}`,
      );
  }
  return missing;
}

function expectedOf(catcher: Catcher): string {
  if ('case' in catcher) return catcher.caught.join(' or ');
  return [catcher.finding.kind, catcher.finding.clause].filter(Boolean).join(' ');
}

function notRun(catcher: Catcher, why: string): CatcherOutcome {
  return { catcher: catcherName(catcher), expected: expectedOf(catcher), caught: false, detail: why };
}

function judgeCase(catcher: CaseCatcher, results: readonly CaseResult[]): CatcherOutcome {
  const result = results.find((r) => r.id === catcher.case);
  if (!result) return notRun(catcher, 'the case did not run');
  const matched = explain(result);
  const detail = matched === result.observed ? result.observed : `${matched}: ${result.observed}`;
  const verdictCounts = (catcher.caught as readonly string[]).includes(result.verdict);
  const reasonMet = !catcher.because || new RegExp(catcher.because, 'i').test(detail);
  return {
    catcher: catcher.case,
    expected: expectedOf(catcher),
    observed: result.verdict,
    caught: verdictCounts && reasonMet,
    detail:
      verdictCounts && !reasonMet
        ? `not for the catalogued reason (/${catcher.because}/): ${detail}`
        : detail,
  };
}

type Installed = Extract<Obtained, { ok: true }>;

async function withServer<T>(
  bug: KnownBug,
  obtained: Installed,
  use: (server: ChildServer) => Promise<T>,
): Promise<T> {
  const server = await startKnownBugServer(bug, obtained, await freeTcpPort('127.0.0.1'));
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

async function runServerCases(
  bug: KnownBug,
  obtained: Installed,
  catchers: readonly CaseCatcher[],
  options: RunOptions,
): Promise<CatcherOutcome[]> {
  if (catchers.length === 0) return [];
  return withServer(bug, obtained, async (server) => {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: '127.0.0.1', port: server.port } },
        only: catchers.map((c) => c.case),
        jobs: 4,
        timeoutMultiplier: options.timeoutMultiplier ?? 1,
        ...(serverChecksCredentials(bug) ? { credentials: serverCredentials } : {}),
      }),
      { groups: serverGroups, version: 'known-bugs', rerun: () => `npm run known-bugs -- --only ${bug.id}` },
    );
    if (outcome.kind === 'unreachable') throw new Error(`${outcome.reason}\n${server.output()}`);
    return catchers.map((c) => judgeCase(c, outcome.document.results));
  });
}

async function runFuzz(
  bug: KnownBug,
  obtained: Installed,
  catcher: FuzzCatcher,
  options: RunOptions,
): Promise<CatcherOutcome> {
  return withServer(bug, obtained, async (server) => {
    const { fuzz, finding: wanted } = catcher;
    const result = await fuzzServer({
      target: { kind: 'address', endpoint: { host: '127.0.0.1', port: server.port } },
      seed: fuzz.seed,
      runs: fuzz.runs,
      jobs: fuzz.jobs ?? 8,
      ...(fuzz.versions ? { versions: fuzz.versions } : {}),
      ...(serverChecksCredentials(bug) ? { credentials: serverCredentials } : {}),
      timeoutMultiplier: options.timeoutMultiplier ?? 1,
    });
    const found = result.finding;
    const base = { catcher: catcherName(catcher), expected: expectedOf(catcher) };
    if (!found) return { ...base, caught: false, detail: `no finding in ${result.stats.cases} cases` };
    return {
      ...base,
      observed: `${found.kind} ${found.clause}`,
      caught: found.kind === wanted.kind && (!wanted.clause || found.clause === wanted.clause),
      detail: `${found.what} (run ${found.path}, input ${JSON.stringify(found.input)})`,
    };
  });
}

async function runClientCases(
  bug: KnownBug,
  obtained: Installed,
  catchers: readonly CaseCatcher[],
  options: RunOptions,
): Promise<CatcherOutcome[]> {
  const document = await runClientSuite({
    client: knownBugClient(bug, obtained),
    groups: clientGroups,
    only: catchers.map((c) => c.case),
    jobs: 4,
    timeoutMultiplier: options.timeoutMultiplier ?? 1,
    version: 'known-bugs',
    rerun: () => `npm run known-bugs -- --only ${bug.id}`,
  });
  return catchers.map((c) => judgeCase(c, document.results));
}

async function runCatchers(
  bug: KnownBug,
  obtained: Installed,
  options: RunOptions,
): Promise<CatcherOutcome[]> {
  const cases = bug.catchers.filter((c): c is CaseCatcher => 'case' in c);
  if (bug.role === 'client') return runClientCases(bug, obtained, cases, options);
  const outcomes = await runServerCases(bug, obtained, cases, options);
  for (const catcher of bug.catchers)
    if ('fuzz' in catcher) outcomes.push(await runFuzz(bug, obtained, catcher, options));
  // In the catalogue's order.
  return bug.catchers.map((c) => outcomes.find((o) => o.catcher === catcherName(c))!);
}

export async function runKnownBug(bug: KnownBug, options: RunOptions = {}): Promise<KnownBugOutcome> {
  const started = performance.now();
  const obtain = bug.obtain;
  const head = {
    id: bug.id,
    implementation: bug.implementation,
    version: obtain.from === 'emulation' ? 'emulated' : obtain.version,
    role: bug.role,
    ...(bug.pending ? { pending: bug.pending } : {}),
  };
  const done = (
    status: KnownBugStatus,
    obtained: string,
    reason: string,
    catchers: readonly CatcherOutcome[],
  ): KnownBugOutcome => ({
    ...head,
    obtained,
    status,
    reason,
    catchers,
    durationMs: Math.round(performance.now() - started),
  });
  const obtained = await obtainImplementation(bug);
  if (!obtained.ok) return done('not obtainable', '', obtained.why, []);
  const missing = missingFromSuite(bug);
  if (missing.length > 0)
    return done(
      'case missing',
      obtained.how,
      `not in this build of the suite: ${missing.join(', ')}`,
      bug.catchers.map((c) => notRun(c, 'not run: a catcher is missing')),
    );
  let catchers: CatcherOutcome[];
  try {
    catchers = await runCatchers(bug, obtained, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return done('error', obtained.how, message, []);
  }
  const caught = catchers.every((c) => c.caught);
  return done(caught ? 'caught' : 'not caught', obtained.how, '', catchers);
}

/** Every bug, at most `jobs` at once; outcomes in the catalogue's order, each reported as it ends. */
export async function runCatalogue(
  bugs: readonly KnownBug[],
  options: RunOptions & { jobs?: number; onOutcome?: (outcome: KnownBugOutcome) => void } = {},
): Promise<KnownBugOutcome[]> {
  const outcomes = new Map<string, KnownBugOutcome>();
  const queue = [...bugs];
  const worker = async () => {
    for (let bug = queue.shift(); bug; bug = queue.shift()) {
      const outcome = await runKnownBug(bug, options);
      outcomes.set(bug.id, outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 3) }, worker));
  return bugs.map((b) => outcomes.get(b.id)!);
}
