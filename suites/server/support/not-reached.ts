/**
 * A segmentation variant whose negotiation failed: the case never reached what it checks, so it books the failure
 * under the clause the negotiation broke, pointing at the case that owns that clause, and FAILs nothing of its own.
 */

import type { ClientSegmentation } from '../../../harness/model/case.js';
import type { Check } from '../../../harness/model/outcome.js';
import type { NegotiationStage } from '../../../harness/probes/negotiate.js';

/** The clause a failed negotiation breaks, and the case that judges that clause under the same segmentation. */
const owners: Record<NegotiationStage, Record<Exclude<ClientSegmentation, 'whole'>, [string, string]>> = {
  'method selection': {
    bytewise: ['rfc1928/3-select-offered', 'socks5/method/greeting-bytewise'],
    coalesced: ['rfc1928/3-select-offered', 'socks5/method/greeting-coalesced'],
  },
  'RFC 1929 authentication': {
    bytewise: ['rfc1929/2-verify', 'socks5/auth/success-then-request/bytewise'],
    coalesced: ['rfc1929/2-verify', 'socks5/auth/success-then-request/coalesced'],
  },
};

export function negotiationNotReached(
  segmentation: Exclude<ClientSegmentation, 'whole'>,
  stage: NegotiationStage,
  observed: string,
): Check {
  const [clause, owner] = owners[stage][segmentation];
  return {
    clause,
    verdict: 'FAIL',
    kind: 'not-reached',
    reason:
      `not reached: the ${stage} fails when the client writes ${segmentation}, where it succeeds written whole ` +
      `(${owner} judges that)`,
    expected: [
      { verdict: 'PASS', when: `the ${stage} succeeds whatever the segmentation of the client octets` },
      { verdict: 'FAIL', when: `the ${stage} fails when the client writes ${segmentation}` },
    ],
    matched: 1,
    observed,
  };
}
