import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { decodeSocks4Reply } from '../../../harness/wire/socks4.js';
import {
  describeSocks4Read,
  isRejected,
  type Socks4Read,
  verifyRejected,
  verifySocks4Close,
} from './socks4-verdicts.js';

const BOUNDED = 'socks4a/bounded';

/** How long a target may take to give up on a field that will never end, before the case calls it unbounded. */
export const GIVE_UP_MS = 3000;

/**
 * A request whose USERID or domain does not end (within the bound, or before the client's FIN): the target
 * answers CD 91 or closes, within 3 s (scaled). Reading on is the SHOULD of draft-vance-socks-v4a broken (WARN,
 * under socks4a/bounded); granting such a request breaks `grantClause`, the clause that says what the field is or
 * what CD 90 means (FAIL).
 */
export async function verifyGivesUp(
  context: CaseContext,
  probe: TcpProbe,
  what: string,
  grantClause: string,
): Promise<Check[]> {
  const answer = await probe.read(decodeSocks4Reply, context.ms(GIVE_UP_MS));
  const quiet = (r: Socks4Read) => (r.kind === 'closed' || r.kind === 'timeout') && r.bytes.length === 0;
  if (!isRejected(answer) && !quiet(answer)) return [verifyRejected(grantClause, answer, what)];
  const check = verify(BOUNDED, answer, describeSocks4Read, [
    outcome('PASS', `CD 91 (or 92/93) for ${what}`, isRejected),
    outcome(
      'PASS',
      `closes the connection on ${what}`,
      (r: Socks4Read) => r.kind === 'closed' && r.bytes.length === 0,
    ),
    outcome(
      'WARN',
      `still waiting ${GIVE_UP_MS / 1000} s later: ${what} is read without a bound`,
      (r) => r.kind === 'timeout' && r.bytes.length === 0,
    ),
  ]);
  if (!isRejected(answer) || answer.kind !== 'decoded') return [check];
  return [check, await verifySocks4Close(context, probe, answer.at)];
}
