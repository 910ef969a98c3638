import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import type { ReadResult } from '../../../harness/net/tcp-probe.js';
import { Method } from '../../../harness/wire/constants.js';
import {
  decodeMethodSelection,
  encodeGreeting,
  type MethodSelection,
} from '../../../harness/wire/socks5-greeting.js';
import { describeSelectionRead } from './observations.js';

type Answer = { kind: 'unreachable'; reason: string } | ReadResult<MethodSelection>;

/**
 * The robustness half of a case that fed the target something malformed: a fresh connection still gets a
 * METHOD selection, so the target did not crash or wedge. `after` names what the case sent, for the report.
 */
export async function verifyStillAnswers(
  context: CaseContext,
  clause: string,
  after: string,
): Promise<Check> {
  const answer: Answer = await (async () => {
    try {
      const probe = await context.connect();
      await probe.send(encodeGreeting([Method.NO_AUTH, Method.GSSAPI, Method.USERNAME_PASSWORD]));
      return await probe.read(decodeMethodSelection, context.ms(3000));
    } catch (error) {
      return { kind: 'unreachable', reason: String(error) } as const;
    }
  })();
  return verify(
    clause,
    answer,
    (a) => (a.kind === 'unreachable' ? a.reason : `a new connection got ${describeSelectionRead(a)}`),
    [
      outcome('PASS', `a new connection is still answered after ${after}`, (a) => a.kind === 'decoded'),
      outcome('FAIL', `the target stopped answering after ${after}`, () => true),
    ],
  );
}
