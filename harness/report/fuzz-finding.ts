/**
 * A fuzz finding as a file and as text: the clause, what went wrong, the shrunk input as an annotated hex dump,
 * the seed and path that found it, and the one-line command that replays it. Files are JSON, written whole.
 */
import path from 'node:path';
import { type AnnotatedEvent, annotate } from '../net/annotate.js';
import { formatTrace } from '../net/hexdump.js';
import { secretsOf } from '../net/redact.js';
import type { Trace } from '../net/trace.js';
import { socksDissector } from '../wire/dissector.js';
import { writeWhole } from './write-file.js';

/**
 * 3: `signature` and `hits` (a campaign collects distinct findings); 2: `trace` is the annotated events of the
 * case report's `trace` (1: the hex dump as text).
 */
export const FINDING_SCHEMA = 3;

export interface FuzzFindingRecord {
  readonly tool: 'socks-conformance';
  readonly type: 'fuzz-finding';
  readonly schema: number;
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly role: 'server' | 'client';
  /** `host:port`, `reference` for the built-in reference server, or the client's command (role `client`). */
  readonly target: string;
  /** The command that started the target (`--target-cmd`), when the harness started it. */
  readonly targetCommand?: string;
  /** The reference server's faults when it was the target (a mutant). */
  readonly referenceFaults: readonly string[];
  readonly versions: readonly string[];
  readonly seed: number;
  /** The shard of the campaign that found it (`fuzz --shard K/N`); the path is the campaign's, not the shard's. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** fast-check's path to the first failing case under `seed`. */
  readonly path: string;
  readonly casesRun: number;
  readonly shrinks: number;
  /**
   * What makes two findings of a campaign the same: `KIND CLAUSE · ORACLE · SHAPE` (docs/fuzzing.md#findings);
   * absent before schema 3.
   */
  readonly signature?: string;
  /** The campaign's inputs that hit it, the one shrunk among them (absent before schema 3). */
  readonly hits?: number;
  readonly kind: 'violation' | 'target-lost';
  readonly clause: string;
  readonly what: string;
  /** The shrunk input, as the generators describe it; replayed by `fuzz --replay`. */
  readonly input: unknown;
  /**
   * The octets the shrunk input sent (role `client`: the SOCKS5 reply the scripted server sent), as hex; the
   * octets the trace keeps only a count of (an RFC 1929 request, which holds a password) as `xx`.
   */
  readonly sent: string;
  /** Every event of the shrunk case, annotated, as in a case's `trace` in the JSON report. */
  readonly trace: readonly AnnotatedEvent[];
}

/** What went wrong, with what the campaign could not establish about it (see `CampaignFinding`). */
export function findingWhat(
  finding: { readonly what: string; readonly onlyConcurrent?: number; readonly unconfirmed?: true },
  targetGone: boolean,
): string {
  if (finding.unconfirmed)
    return `${finding.what} (the campaign was interrupted before this input was replayed alone and shrunk)`;
  if (finding.onlyConcurrent === undefined) return finding.what;
  return targetGone
    ? `${finding.what} (seen with ${finding.onlyConcurrent} cases at once; the target did not come back to replay them alone, so this input may only have seen another's crash: --jobs 1 names it)`
    : `${finding.what} (seen with ${finding.onlyConcurrent} cases at once; none of them failed again alone)`;
}

/** A server fuzz case's trace as a finding keeps it: annotated by the SOCKS dissector, the password redacted. */
export function annotatedTrace(trace: Trace, password?: string): AnnotatedEvent[] {
  return annotate(trace, () => socksDissector(), secretsOf([password]));
}

/**
 * The octets the client sent in an annotated trace, as hex; octets the trace keeps only a count of (an RFC 1929
 * request, which holds a password) are written `xx`.
 */
export function sentHex(events: readonly AnnotatedEvent[]): string {
  return events
    .flatMap((e) => (e.type === 'data' && e.dir === 'sent' ? e.annotation : []))
    .map((part) => ('octets' in part ? part.octets : 'xx'.repeat(part.redacted)))
    .join('');
}

/**
 * `KIND-CLAUSE-seed-SEED.json`; `…-seed-SEED-run-PATH.json` when another finding of the campaign is of the same
 * kind and clause (`shared`), so that each distinct finding has its own file.
 */
export function findingFileName(
  record: Pick<FuzzFindingRecord, 'clause' | 'seed' | 'kind' | 'path'>,
  shared = false,
): string {
  const slug = record.clause.replace(/[^A-Za-z0-9.-]+/g, '-');
  return `${record.kind}-${slug}-seed-${record.seed}${shared ? `-run-${record.path}` : ''}.json`;
}

export async function writeFinding(
  folder: string,
  record: FuzzFindingRecord,
  shared = false,
): Promise<string> {
  const file = path.join(folder, findingFileName(record, shared));
  await writeWhole(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

export function replayCommand(file: string, role: 'server' | 'client' = 'server'): string {
  return `npx socks-conformance fuzz ${role === 'client' ? 'client ' : ''}--replay ${file}`;
}

/** The finding as the console shows it. */
export function formatFinding(record: FuzzFindingRecord, file?: string): string {
  const octets = record.sent.length / 2;
  const lines = [
    `── FINDING ${record.clause} (${record.kind === 'violation' ? 'violation' : 'target lost'})`,
    `   ${record.what}`,
    `   input: ${octets} octets sent${octets > 0 ? ` (${record.sent})` : ''}, shrunk in ${record.shrinks} steps`,
    '   trace:',
    indent(formatTrace(record.trace), '     '),
    `   seed ${record.seed}, path ${JSON.stringify(record.path)}, ${record.casesRun} cases run`,
  ];
  const hits = record.hits ?? 1;
  if (record.signature !== undefined)
    lines.splice(
      2,
      0,
      `   signature: ${record.signature}`,
      `   hit by ${hits} input${hits === 1 ? '' : 's'} of the campaign`,
    );
  if (file) lines.push(`   saved: ${file}`, `   replay: ${replayCommand(file, record.role)}`);
  return lines.join('\n');
}
