import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, skipped } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { negotiate } from '../../../harness/probes/negotiate.js';
import { decodeReply, describeReply, type ReplyMessage } from '../../../harness/wire/socks5-request.js';
import { loginRefused } from './login-refused.js';
import { negotiationNotReached } from './not-reached.js';
import { describeRead } from './observations.js';

export type Opened = { readonly probe: TcpProbe } | { readonly check: Check };

/**
 * Opens a connection and negotiates the method the capability probe found usable, then sends `message` (a
 * request, possibly malformed, plus anything pipelined after it), all under the case's segmentation. When no
 * method is usable, or the negotiation fails where it succeeded in the probe, the case gets a check instead: a
 * failure only under a segmentation variant is the target's, booked under the clause the negotiation broke (the
 * case was not reached).
 */
export async function openWith(context: CaseContext, clause: string, message: Uint8Array): Promise<Opened> {
  const method = context.capabilities.sessionMethod;
  if (method === undefined) {
    const refused = loginRefused(context, clause);
    if (refused) return { check: refused };
    return {
      check: skipped(
        clause,
        'SKIP',
        'no usable method: the target selects neither NO-AUTH nor USERNAME/PASSWORD with the given credentials',
      ),
    };
  }
  const probe = await context.connect();
  const negotiated = await negotiate(probe, {
    method,
    credentials: context.credentials,
    segmentation: context.segmentation,
    timeoutMs: context.ms(3000),
    followedBy: message,
  });
  if (negotiated.ok) return { probe };
  if (context.segmentation === 'whole' || negotiated.stage === undefined) {
    return { check: skipped(clause, 'ERROR', negotiated.reason) };
  }
  return { check: negotiationNotReached(context.segmentation, negotiated.stage, negotiated.reason) };
}

export type Replied =
  | { readonly probe: TcpProbe; readonly reply: ReadResult<ReplyMessage> }
  | { readonly check: Check };

/**
 * `openWith`, then the target's reply to the request within 5 s (scaled). Under `coalesced`, a target that
 * answers nothing may have lost the request pipelined ahead of its method selection: the request is sent again,
 * and if that one is answered the case goes on with it, with a WARN for the loss (RFC 1928 §4 has the client
 * wait for the negotiation, as socks5/method/greeting-coalesced judges): one behaviour, one verdict, in every
 * coalesced variant.
 */
export async function request(context: CaseContext, clause: string, message: Uint8Array): Promise<Replied> {
  const opened = await openWith(context, clause, message);
  if ('check' in opened) return opened;
  return { probe: opened.probe, reply: await readReply(context, opened.probe, message) };
}

/** The reply to `message`, sent after a negotiation; under `coalesced`, sent again if lost (see `request`). */
export async function readReply(
  context: CaseContext,
  probe: TcpProbe,
  message: Uint8Array,
): Promise<ReadResult<ReplyMessage>> {
  const reply = await probe.read(decodeReply, context.ms(5000));
  if (context.segmentation !== 'coalesced' || reply.kind !== 'timeout' || reply.bytes.length > 0)
    return reply;
  await probe.send(message);
  const again = await probe.read(decodeReply, context.ms(5000));
  if (again.kind !== 'decoded') return reply;
  context.addCheck(pipelinedRequestLost(again));
  return again;
}

function pipelinedRequestLost(answer: ReadResult<ReplyMessage>): Check {
  return {
    clause: 'rfc1928/4-req-format',
    verdict: 'WARN',
    kind: 'not-reached',
    reason:
      'the request pipelined with the negotiation was lost; sent again once the negotiation was over, it was ' +
      'answered (socks5/method/greeting-coalesced judges that)',
    expected: [
      { verdict: 'PASS', when: 'answers the request pipelined with the negotiation' },
      {
        verdict: 'WARN',
        when: 'loses the request pipelined with the negotiation, answers it sent again (clients that pipeline fail)',
      },
    ],
    matched: 1,
    observed: `no answer within 5 s to the pipelined request; sent again: ${describeReplyRead(answer)}`,
  };
}

export const describeReplyRead = (r: ReadResult<ReplyMessage>) => describeRead(r, describeReply);

export const isReply = (r: ReadResult<ReplyMessage>, test: (v: ReplyMessage) => boolean) =>
  r.kind === 'decoded' && r.value.version === 5 && test(r.value);
