/**
 * RFC 1961, GSS-API authentication for SOCKS V5: the message framing (ver X'01', mtyp, len, token) and the abort X'01' X'FF', checked without a Kerberos mechanism.
 */
import { defineCases } from '../../../harness/runner/case.js';

export const gssapiFraming = defineCases('RFC 1961', 'suites/server/socks5/rfc1961.ts', []);
