import type { ClientRun } from '../../model/client-case.js';
import type { SessionRecord } from '../../reference/server-script.js';

const EMPTY = 'a connection that sent nothing';

/**
 * The connections a case judges, and what each of the others named: a request for another destination (refused
 * by the scripted server), or nothing at all while another connection sent something (Chromium over socks4:// seemingly
 * connects to the proxy before resolving a background host, and closes the connection when the name fails). A client whose only connections sent nothing is
 * judged on them.
 */
export function judgedAndOther(
  sessions: readonly SessionRecord[],
): Pick<ClientRun, 'sessions' | 'otherConnections'> {
  const other = (s: SessionRecord) => s.events.find((e) => e.type === 'other-connection')?.named;
  const sent = (s: SessionRecord) => s.events.some((e) => e.type === 'first-octet');
  const candidates = sessions.filter((s) => other(s) === undefined);
  const anySent = candidates.some(sent);
  return {
    sessions: candidates.filter((s) => !anySent || sent(s)),
    otherConnections: sessions.flatMap((s) => other(s) ?? (anySent && !sent(s) ? EMPTY : [])),
  };
}
