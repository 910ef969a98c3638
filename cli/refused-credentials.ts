import { CREDENTIALS_REFUSED } from '../harness/model/capabilities.js';
import type { RunDocument } from '../harness/model/result.js';

/**
 * The stderr line of a run that cannot test what the user's credentials were given for: the target refused them
 * (a failure STATUS to the capability probe's login), so every selected case that needs an accepted login, and
 * there was at least one, is SKIP. Undefined when the run used no credentials of the user's, or none of its
 * cases needed a login (the credentials did not matter to it).
 */
export function refusedCredentialsLine(
  document: RunDocument,
  userGaveCredentials: boolean,
): string | undefined {
  if (!userGaveCredentials || document.capabilities?.credentialsAccepted !== false) return undefined;
  const skipped = document.results.filter((r) => r.kind === 'credentials-refused').length;
  if (skipped === 0) return undefined;
  const cases = skipped === 1 ? '1 case that needs' : `${skipped} cases that need`;
  return `socks-conformance: ${CREDENTIALS_REFUSED} (${cases} an accepted login skipped)\n`;
}
