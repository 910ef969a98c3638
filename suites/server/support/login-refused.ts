import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, skipped } from '../../../harness/model/outcome.js';

/**
 * The SKIP of a case that needs an accepted RFC 1929 login, when the capability probe's login with the run's
 * credentials got a failure STATUS: the case cannot tell a broken server from wrong credentials, so it makes no
 * claim. Undefined when the credentials were accepted, or never tried.
 */
export function loginRefused(context: CaseContext, clause: string): Check | undefined {
  if (context.capabilities.credentialsAccepted !== false) return undefined;
  return skipped(
    clause,
    'SKIP',
    'needs an accepted login, and the target refused the given credentials',
    'credentials-refused',
  );
}
