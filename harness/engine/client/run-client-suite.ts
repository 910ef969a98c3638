import type { SocksVersion } from '../../model/case.js';
import type { ClientCaseDefinition, ClientCaseGroup } from '../../model/client-case.js';
import { globToRegExp } from '../../model/filter.js';
import { type CaseResult, type RunDocument, SCHEMA_VERSION, tally } from '../../model/result.js';
import { ExitCode } from '../../model/verdict.js';
import { type ClientUnderTest, describeClient } from './client-under-test.js';
import { runClientCase } from './run-client-case.js';

export interface ClientSuiteOptions {
  readonly client: ClientUnderTest;
  /** The one SOCKS version the client speaks, when its command says so: cases of the others SKIP unrun. */
  readonly socksVersion?: SocksVersion;
  readonly groups: readonly ClientCaseGroup[];
  readonly only?: readonly string[];
  readonly exclude?: readonly string[];
  readonly jobs?: number;
  readonly timeoutMultiplier?: number;
  readonly strict?: boolean;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly version: string;
  readonly rerun: (definition: ClientCaseDefinition) => string;
  readonly onResult?: (result: CaseResult) => void;
  readonly signal?: AbortSignal;
}

/**
 * The JSON document of a client run: a RunDocument (so every report format takes it) whose `target` is the
 * client's command, with `mode: 'client'`, no capabilities, and `client` repeating the command.
 */
export interface ClientRunDocument extends RunDocument {
  readonly mode: 'client';
  readonly client: string;
}

/** Credentials the scripted server accepts; made of characters that need no shell quoting. */
export const clientCredentials = { username: 'socks-user', password: 'conformance-pw' } as const;

function matches(definition: ClientCaseDefinition, globs: readonly string[]): boolean {
  const names = [definition.id, ...definition.clauses];
  return globs.some((glob) => names.some((name) => globToRegExp(glob).test(name)));
}

export function selectClientCases(
  cases: readonly ClientCaseDefinition[],
  only: readonly string[],
  exclude: readonly string[],
): ClientCaseDefinition[] {
  return cases.filter((c) => (only.length === 0 || matches(c, only)) && !matches(c, exclude));
}

/** Exit code: 1 for a FAIL or ERROR, 3 when the client never connected in any case it ran, else 0. */
export function clientExitCode(document: ClientRunDocument): number {
  const results = document.results;
  const unconnected = (r: CaseResult) => r.verdict === 'ERROR' && r.kind === 'never-connected';
  if (results.some(unconnected) && results.every((r) => unconnected(r) || r.verdict === 'SKIP'))
    return ExitCode.TARGET_UNREACHABLE;
  if ((document.summary.ERROR ?? 0) > 0 || (document.summary.FAIL ?? 0) > 0) return ExitCode.FAILED;
  return ExitCode.OK;
}

/** Runs every selected client case, at most `jobs` at once, each with its own scripted server and client run. */
export async function runClientSuite(options: ClientSuiteOptions): Promise<ClientRunDocument> {
  const startedAt = new Date();
  const started = performance.now();
  const all = options.groups.flatMap((group) => group.cases.map((definition) => ({ group, definition })));
  const selected = new Set(
    selectClientCases(
      all.map((c) => c.definition),
      options.only ?? [],
      options.exclude ?? [],
    ),
  );
  const queue = all.filter((c) => selected.has(c.definition));
  const results: CaseResult[] = [];
  const env = {
    client: options.client,
    ...(options.socksVersion ? { socksVersion: options.socksVersion } : {}),
    timeoutMultiplier: options.timeoutMultiplier ?? 1,
    strict: options.strict ?? false,
    credentials: options.credentials ?? clientCredentials,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const next = queue.shift();
      if (!next) return;
      const result = await runClientCase(next.definition, next.group, env, options.rerun(next.definition));
      results.push(result);
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 4) }, worker));
  const tallied = tally(
    results,
    all.map((c) => c.definition.id),
    performance.now() - started,
  );
  return {
    tool: 'socks-conformance',
    version: options.version,
    schema: SCHEMA_VERSION,
    mode: 'client',
    startedAt: startedAt.toISOString(),
    target: describeClient(options.client),
    profile: 'client',
    client: describeClient(options.client),
    complete: !options.signal?.aborted,
    summary: tallied.summary,
    results: tallied.results,
  };
}
