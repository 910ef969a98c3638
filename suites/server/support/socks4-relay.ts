import type { CaseContext } from '../../../harness/model/case.js';
import type { Check } from '../../../harness/model/outcome.js';
import type { Exchange } from './socks4-exchange.js';
import { RELAY, verifyCarried, verifyGranted, verifyReplyVersion } from './socks4-verdicts.js';

/**
 * A request that should be granted, then the relay proven both ways through the echo network: `data` (sent
 * behind the request in the coalesced variant, else after the reply) comes back unchanged.
 */
export async function verifyGrantAndRelay(
  context: CaseContext,
  clause: string,
  sent: Exchange,
  data: Buffer,
  what: string,
): Promise<Check[]> {
  const { probe, reply, pipelinedSent } = sent;
  const granted = verifyGranted(clause, reply, what);
  if (granted.verdict !== 'PASS') return [granted];
  if (!pipelinedSent) await probe.send(data);
  const echoed = await probe.readBytes(data.length, context.ms(3000));
  const carried = verifyCarried(
    RELAY,
    pipelinedSent
      ? 'data sent behind the request, through the destination and back,'
      : 'data, there and back,',
    data,
    echoed,
  );
  return [granted, ...verifyReplyVersion(reply), carried];
}
