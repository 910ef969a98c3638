import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCase } from '../harness/engine/server/run-case.js';
import type { CaseDefinition } from '../harness/model/case.js';
import { selectCases } from '../harness/model/filter.js';
import { explain } from '../harness/model/outcome.js';
import type { KnownFailure } from '../harness/report/baseline.js';
import { formatFailure } from '../harness/report/console.js';
import { rerunCommand } from '../harness/session/rerun.js';
import { runOptions } from '../harness/session/run-options.js';
import { openSession, type Session } from '../harness/session/session.js';
import { serverGroups } from '../suites/index.js';
import type { ServerSuiteOptions } from './run-server-suite.js';
import { type TargetInput, targetOf } from './target.js';

export interface SocksConformanceOptions
  extends Omit<ServerSuiteOptions, 'target' | 'only' | 'exclude' | 'baseline' | 'onResult' | 'signal'> {
  /** The server to test, or a function giving it once the suite's own `beforeAll` has started it. */
  readonly target?: TargetInput | (() => TargetInput | Promise<TargetInput>);
  /** Globs over case ids and clause ids, as `--only` and `--exclude`. */
  readonly only?: readonly string[];
  readonly exclude?: readonly string[];
  /** Cases registered with `it.fails`: they pass while the case fails, and fail once it passes. */
  readonly knownFailures?: readonly KnownFailure[];
  /** The outer `describe` (default `SOCKS conformance`). */
  readonly name?: string;
  /** Run the cases of a section concurrently (default true: several cases wait out the 10-second close rule). */
  readonly concurrent?: boolean;
}

const DEFAULT_DEADLINE_MS = 15_000;

/**
 * Registers every selected server case as a vitest test, one `describe` per spec section, so that the
 * project's own reporters, `-t` filters and watch mode apply to SOCKS cases. A FAIL or ERROR fails the test
 * with the expected outcomes, what was observed and the trace; SKIP and UNSUPPORTED skip it.
 */
export function socksConformance(options: SocksConformanceOptions = {}): void {
  const all = serverGroups.flatMap((g) => g.cases);
  const selected = new Set<CaseDefinition>(selectCases(all, options.only ?? [], options.exclude ?? []));
  const known = new Map(options.knownFailures?.map((k) => [k.id, k.reason]));
  const multiplier = options.timeoutMultiplier ?? 1;
  const {
    target: given,
    referenceFaults,
    knownFailures: _known,
    name: _name,
    concurrent: _c,
    ...rest
  } = options;
  let session: Session | undefined;
  describe(options.name ?? 'SOCKS conformance', () => {
    beforeAll(async () => {
      const target = typeof given === 'function' ? await given() : given;
      session = await openSession(runOptions({ ...rest, target: targetOf(target, referenceFaults) }));
    }, 30_000 * multiplier);
    afterAll(async () => {
      await session?.close();
    });
    for (const group of serverGroups) {
      const cases = group.cases.filter((c) => selected.has(c));
      if (cases.length === 0) continue;
      const register = options.concurrent === false ? describe : describe.concurrent;
      register(group.section, () => {
        for (const definition of cases) {
          const test = known.has(definition.id) ? it.fails : it;
          test(
            `${definition.id} [${definition.clauses[0]}]`,
            async (context) => {
              if (!session) throw new Error('the SOCKS conformance session did not start');
              const rerun = rerunCommand(session.options, definition.id);
              const result = await runCase(definition, group, session.env, rerun);
              if (result.verdict === 'SKIP' || result.verdict === 'UNSUPPORTED')
                context.skip(`${result.verdict}: ${explain(result)}`);
              if (result.verdict === 'FAIL' || result.verdict === 'ERROR')
                throw new Error(formatFailure(result));
            },
            (definition.deadlineMs ?? DEFAULT_DEADLINE_MS) * multiplier + 5_000,
          );
        }
      });
    }
  });
}
