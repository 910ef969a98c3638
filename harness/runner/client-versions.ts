import type { ClientCaseDefinition, ClientRun } from './client-case.js';
import { type Check, skipped } from './outcome.js';

function exitText(run: ClientRun): string {
  const { exit } = run;
  if (exit.spawnError) return `could not be started: ${exit.spawnError}`;
  if (run.interactive) return exit.timedOut ? 'was not pointed at it' : 'was not seen';
  if (exit.timedOut) return 'was killed at the deadline';
  return exit.code === undefined ? `ended by ${exit.signal ?? 'a signal'}` : `exited ${exit.code}`;
}

/**
 * Whether the case applies to what the client did: a client that never connected makes the case an ERROR (the
 * command is wrong, not the client), and one that speaks the other SOCKS version makes it SKIP.
 */
export function applicability(definition: ClientCaseDefinition, run: ClientRun): Check[] | undefined {
  const clause = definition.clauses[0];
  const first = run.sessions[0]?.events.find((e) => e.type === 'first-octet');
  if (run.sessions.length === 0) {
    const stderr = run.stderrTail.trim().split('\n').slice(-2).join(' | ');
    return [
      skipped(
        clause,
        'ERROR',
        `the client never connected to the proxy ${run.placeholders.proxy}: it ${exitText(run)}${stderr ? ` (${stderr})` : ''}`,
      ),
    ];
  }
  if (!first) return undefined;
  const speaks4 = first.version === 4;
  const for4 = definition.versions.some((v) => v === '4' || v === '4a');
  const for5 = definition.versions.includes('5');
  if (speaks4 && !for4)
    return [skipped(clause, 'SKIP', 'not applicable: the client speaks SOCKS4, this case is SOCKS5')];
  if (!speaks4 && !for5)
    return [
      skipped(clause, 'SKIP', `not applicable: the client sent VER ${first.version}, this case is SOCKS4`),
    ];
  return undefined;
}
