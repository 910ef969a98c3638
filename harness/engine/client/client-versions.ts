import type { SocksVersion } from '../../model/case.js';
import type { ClientCaseDefinition, ClientRun, DestinationKind } from '../../model/client-case.js';
import { type Check, skipped } from '../../model/outcome.js';

function exitText(run: ClientRun): string {
  const { exit } = run;
  if (exit.spawnError) return `could not be started: ${exit.spawnError}`;
  if (run.interactive) return exit.timedOut ? 'was not pointed at it' : 'was not seen';
  if (exit.timedOut) return 'was killed at the deadline';
  return exit.code === undefined ? `ended by ${exit.signal ?? 'a signal'}` : `exited ${exit.code}`;
}

const versionName: Record<SocksVersion, string> = { '4': 'SOCKS4', '4a': 'SOCKS4A', '5': 'SOCKS5' };

/** Destinations a conformant client may be unable to use: not connecting to them is no verdict on the client. */
const unusable: Partial<Record<DestinationKind, string>> = {
  ipv6: 'an IPv6 address, which SOCKS4 cannot carry and some clients do not take',
  'non-ascii-name': 'a name that is not ASCII, which a client may refuse or fail to resolve',
};

/**
 * SKIP before the client runs when it was declared to speak one version (`--socks-version`) and the case is
 * for another: a tunnel tool such as `nc -X 4` speaks the version of its command line, whatever the case.
 */
export function declaredVersionSkip(
  definition: ClientCaseDefinition,
  declared: SocksVersion | undefined,
): Check | undefined {
  if (declared === undefined || definition.versions.includes(declared)) return undefined;
  const caseVersions = definition.versions.map((v) => versionName[v]).join(' or ');
  return skipped(
    definition.clauses[0],
    'SKIP',
    `not applicable: the client speaks ${versionName[declared]} (--socks-version ${declared}), this case is ${caseVersions}`,
    'not-applicable',
  );
}

/**
 * Whether the case applies to what the client did: a client that went to the destination around the proxy
 * without asking the proxy for it makes the case SKIP; a client that never connected makes the case an ERROR (the
 * command is wrong, not the client) unless the case judges that itself or its destination is one the client
 * may be unable to use (SKIP, with the reason), and a command that could not be started always does; one that
 * speaks the other SOCKS version makes it SKIP.
 */
export function applicability(definition: ClientCaseDefinition, run: ClientRun): Check[] | undefined {
  const clause = definition.clauses[0];
  const first = run.sessions[0]?.events.find((e) => e.type === 'first-octet');
  // Checked before any case's own reading of "never connected": a command that never ran refused nothing.
  if (run.sessions.length === 0 && run.exit.spawnError !== undefined)
    return [
      skipped(
        clause,
        'ERROR',
        `the client never connected to the proxy ${run.placeholders.proxy}: it ${exitText(run)}`,
        'never-connected',
      ),
    ];
  // The client fetched the destination itself (a browser goes direct to loopback by default): nothing to judge.
  if (run.sessions.length === 0 && run.destinationAnswers.some((a) => !a.admitted)) {
    const others = run.otherConnections.length;
    return [
      skipped(
        clause,
        'SKIP',
        `not applicable: the client bypassed the proxy for this destination: it connected to ${run.placeholders.host} port ${run.placeholders.port} directly${others > 0 ? `, and through the proxy only to other destinations (${run.otherConnections.join(', ')})` : ''}; its proxy settings decide, not its SOCKS code`,
        'not-applicable',
      ),
    ];
  }
  if (run.sessions.length === 0) {
    if (definition.unconnected) return [definition.unconnected(run)].flat();
    const stderr = run.stderrTail.trim().split('\n').slice(-2).join(' | ');
    const why = `the client never connected to the proxy ${run.placeholders.proxy}: it ${exitText(run)}${stderr ? ` (${stderr})` : ''}`;
    const destination = unusable[definition.destination ?? 'address'];
    if (destination)
      return [
        skipped(
          clause,
          'SKIP',
          `not applicable: ${why}; {host} is ${run.placeholders.host}, ${destination}`,
          'never-connected',
        ),
      ];
    return [skipped(clause, 'ERROR', why, 'never-connected')];
  }
  if (!first) return undefined;
  const speaks4 = first.version === 4;
  const for4 = definition.versions.some((v) => v === '4' || v === '4a');
  const for5 = definition.versions.includes('5');
  if (speaks4 && !for4)
    return [
      skipped(
        clause,
        'SKIP',
        'not applicable: the client speaks SOCKS4, this case is SOCKS5',
        'not-applicable',
      ),
    ];
  if (!speaks4 && !for5)
    return [
      skipped(
        clause,
        'SKIP',
        `not applicable: the client sent VER ${first.version}, this case is SOCKS4`,
        'not-applicable',
      ),
    ];
  return undefined;
}
