/**
 * Fuzz regressions: every finding saved under `fixtures/corpus/` is replayed as a server case. The conversation
 * must break none of the fuzzer's oracles, and the target must still answer a clean greeting afterwards. A
 * finding file from `socks-conformance fuzz` (reports/fuzz/) is committed there as it is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { outcome, skipped, verify } from '../../harness/model/outcome.js';
import { clauses } from '../clauses.js';
import { defineSuiteCases, type SuiteCase } from '../define-cases.js';
import { deliver } from '../fuzz/deliver.js';
import type { FuzzInput } from '../fuzz/input.js';
import { checkFuzzInput } from '../fuzz/input-check.js';
import { verifyStillAnswers } from './support/target-still-answers.js';

interface CorpusEntry {
  readonly name: string;
  readonly clause: string;
  readonly what: string;
  /** The octets the finding sent, as hex (for the title). */
  readonly sent: string;
  readonly input: FuzzInput;
}

/** The corpus folder of this checkout (from `suites/server/` or `dist/suites/server/`); none in a package. */
function corpusFolder(): string | undefined {
  for (const up of ['../../fixtures/corpus/', '../../../fixtures/corpus/']) {
    const folder = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(folder)) return folder;
  }
  return undefined;
}

function readCorpus(): CorpusEntry[] {
  const folder = corpusFolder();
  if (!folder) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const record = JSON.parse(readFileSync(`${folder}${name}`, 'utf8')) as Record<string, unknown>;
      const checked = checkFuzzInput(record.input);
      if (!checked.ok) throw new Error(`fixtures/corpus/${name}: ${checked.reason}`);
      if (!clauses.some((c) => c.id === record.clause))
        throw new Error(`fixtures/corpus/${name}: clause ${String(record.clause)} is not in the catalogue`);
      return {
        name: name.replace(/\.json$/, ''),
        clause: String(record.clause),
        what: String(record.what),
        sent: typeof record.sent === 'string' ? record.sent : '',
        input: checked.input,
      };
    });
}

/** `05 01 00 …`: at most 12 octets of the input, for a title. */
function octets(hex: string): string {
  const shown = (hex.slice(0, 24).match(/../g) ?? []).join(' ');
  return hex.length > 24 ? `${shown} …` : shown;
}

function regressionCase(entry: CorpusEntry): SuiteCase {
  return {
    id: `fuzz/corpus/${entry.name}`,
    clauses: [entry.clause],
    role: 'server',
    versions: [entry.input.version],
    // The octets and the saved finding's wording (without its measurement in parentheses): any oracle of the
    // fuzzer may fail on a replay, so the title says what the input first caught, not what this target did.
    title: `Fuzz regression [${octets(entry.sent)}], first found as: ${entry.what.replace(/ \(.*\)$/, '')}`,
    requirement:
      'A saved fuzz input, replayed: the server answers it as the RFC defines (no oracle of the fuzzer breaks) ' +
      'and still answers a clean greeting on a new connection afterwards.',
    run: async (context) => {
      // The input's connections go to the case's trace as f1, f2, …: the report shows the whole conversation.
      const delivered = await deliver(entry.input, {
        target: context.target,
        encode: { echo: context.echo, credentials: context.credentials },
        ms: context.ms,
        trace: context.trace,
        connLetter: 'f',
      });
      if (delivered.kind === 'unreachable') return skipped(entry.clause, 'ERROR', delivered.reason);
      if (delivered.kind === 'not-sent')
        return skipped(entry.clause, 'ERROR', 'the input could send the target off loopback; not sent');
      const oracles = verify(
        entry.clause,
        delivered.judgements.flatMap((judgement) => judgement.violations),
        (violations) =>
          violations.length === 0
            ? 'no oracle broken'
            : violations.map((v) => `${v.clause}: ${v.what}`).join('; '),
        [
          outcome('PASS', 'no oracle of the fuzzer is broken', (violations) => violations.length === 0),
          outcome('FAIL', 'an oracle of the fuzzer is broken', () => true),
        ],
      );
      return [oracles, await verifyStillAnswers(context, entry.clause, 'the corpus input')];
    },
  };
}

export const corpusRegressions = defineSuiteCases(
  'Fuzz corpus',
  'suites/server/corpus-regressions.ts',
  readCorpus().map(regressionCase),
);
