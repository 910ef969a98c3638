import { Method } from '../wire/constants.js';
import type { ReferenceConfig } from './config.js';

const knownMethods = new Set<number>([Method.NO_AUTH, Method.GSSAPI, Method.USERNAME_PASSWORD]);

/** RFC 1928 §3: pick one of the offered methods the server accepts, or X'FF'. */
export function selectMethod(offered: readonly number[], config: ReferenceConfig): number {
  const { faults } = config;
  if (faults.has('select-unoffered-method')) return Method.NO_AUTH;
  if (faults.has('reject-unknown-methods') && offered.some((m) => !knownMethods.has(m)))
    return Method.NO_ACCEPTABLE;
  if (faults.has('reject-duplicate-methods') && new Set(offered).size !== offered.length)
    return Method.NO_ACCEPTABLE;
  const accepted = config.methods.filter(
    (m) =>
      !(faults.has('no-gssapi') && m === Method.GSSAPI) &&
      !(faults.has('no-userpass') && m === Method.USERNAME_PASSWORD) &&
      !(
        faults.has('noauth-only-alongside-userpass') &&
        m === Method.NO_AUTH &&
        !offered.includes(Method.USERNAME_PASSWORD)
      ),
  );
  return accepted.find((m) => offered.includes(m)) ?? Method.NO_ACCEPTABLE;
}
