import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, skipped } from '../../../harness/model/outcome.js';
import type { ReadResult, TcpProbe } from '../../../harness/net/tcp-probe.js';
import { negotiate } from '../../../harness/probes/negotiate.js';
import { decodeReply, describeReply, type ReplyMessage } from '../../../harness/wire/socks5-request.js';
import { loginRefused } from './login-refused.js';
import { describeRead } from './observations.js';

export type Opened = { readonly probe: TcpProbe } | { readonly check: Check };

/**
 * Opens a connection and negotiates the method the capability probe found usable, then sends `message` (a
 * request, possibly malformed, plus anything pipelined after it), all under the case's segmentation. When no
 * method is usable, or the negotiation fails where it succeeded in the probe, the case gets a check instead:
 * a failure only under a segmentation variant is the target's, so it is a FAIL on `clause`.
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
  if (context.segmentation === 'whole') return { check: skipped(clause, 'ERROR', negotiated.reason) };
  return {
    check: {
      clause,
      verdict: 'FAIL',
      expected: [
        { verdict: 'PASS', when: 'the negotiation succeeds whatever the segmentation of the client octets' },
        { verdict: 'FAIL', when: `the negotiation fails when the client writes ${context.segmentation}` },
      ],
      matched: 1,
      observed: negotiated.reason,
    },
  };
}

export type Replied =
  | { readonly probe: TcpProbe; readonly reply: ReadResult<ReplyMessage> }
  | { readonly check: Check };

/** `openWith`, then the target's reply to the request within 5 s (scaled). */
export async function request(context: CaseContext, clause: string, message: Uint8Array): Promise<Replied> {
  const opened = await openWith(context, clause, message);
  if ('check' in opened) return opened;
  const reply = await opened.probe.read(decodeReply, context.ms(5000));
  return { probe: opened.probe, reply };
}

export const describeReplyRead = (r: ReadResult<ReplyMessage>) => describeRead(r, describeReply);

export const isReply = (r: ReadResult<ReplyMessage>, test: (v: ReplyMessage) => boolean) =>
  r.kind === 'decoded' && r.value.version === 5 && test(r.value);
