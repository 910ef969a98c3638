import type { Credentials } from '../model/capabilities.js';
import type { Endpoint } from '../net/endpoint.js';
import { openTcp } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { Method } from '../wire/constants.js';
import { decodeAuthResponse, encodeAuthRequest } from '../wire/rfc1929.js';
import { decodeMethodSelection, encodeGreeting } from '../wire/socks5-greeting.js';

/**
 * An RFC 1929 login with `credentials` on a throw-away connection: true on STATUS 00, false on a failure STATUS
 * (the target refused them), undefined when the login got no STATUS at all (no selection of X'02', a close, a
 * timeout): a slow or broken target is not taken for one that refused the credentials.
 */
export async function logsIn(
  target: Endpoint,
  credentials: Credentials,
  timeoutMs: number,
): Promise<boolean | undefined> {
  const opened = await openTcp(target.host, target.port, {
    trace: new Trace(),
    conn: 'probe',
    connectTimeoutMs: timeoutMs,
  });
  if (!opened.ok) return undefined;
  const { probe } = opened;
  try {
    await probe.send(encodeGreeting([Method.USERNAME_PASSWORD]));
    const selection = await probe.read(decodeMethodSelection, timeoutMs);
    if (selection.kind !== 'decoded' || selection.value.method !== Method.USERNAME_PASSWORD) return undefined;
    await probe.send(encodeAuthRequest(credentials.username, credentials.password));
    const response = await probe.read(decodeAuthResponse, timeoutMs);
    return response.kind === 'decoded' ? response.value.status === 0 : undefined;
  } finally {
    probe.destroy();
  }
}
