import type { ClientSegmentation } from '../model/case.js';
import type { ReadResult, TcpProbe } from '../net/tcp-probe.js';
import { Method } from '../wire/constants.js';
import { decodeAuthResponse, describeAuthResponse, encodeAuthRequest } from '../wire/rfc1929.js';
import { decodeMethodSelection, describeMethodSelection, encodeGreeting } from '../wire/socks5-greeting.js';

export interface NegotiateOptions {
  /** NO-AUTH or USERNAME/PASSWORD: the one method offered. */
  readonly method: number;
  readonly credentials?: { readonly username: string; readonly password: string } | undefined;
  readonly segmentation: ClientSegmentation;
  readonly timeoutMs: number;
  /**
   * The message that follows the negotiation (usually the request). Under `coalesced` it is pipelined with the
   * last message the client may send ahead of an answer; otherwise it is sent once the negotiation succeeded.
   */
  readonly followedBy?: Uint8Array;
}

/** The exchange of a negotiation that failed. */
export type NegotiationStage = 'method selection' | 'RFC 1929 authentication';

export type Negotiated =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly stage?: NegotiationStage };

function failed<T>(
  stage: NegotiationStage,
  result: ReadResult<T>,
  describe: (value: T) => string,
): Negotiated {
  const what = result.kind === 'decoded' ? describe(result.value) : `${result.kind} instead of an answer`;
  return { ok: false, reason: `${stage} failed: ${what}`, stage };
}

/** Drives a SOCKS5 method negotiation on `probe` (and RFC 1929 when USERNAME/PASSWORD is offered). */
export async function negotiate(probe: TcpProbe, options: NegotiateOptions): Promise<Negotiated> {
  const how = options.segmentation === 'bytewise' ? 'bytewise' : 'whole';
  const pipeline = options.segmentation === 'coalesced' && options.followedBy !== undefined;
  const greeting = encodeGreeting([options.method]);
  const withAuth = options.method === Method.USERNAME_PASSWORD;
  if (withAuth && !options.credentials) return { ok: false, reason: 'USERNAME/PASSWORD needs credentials' };
  const greetingPipelined = pipeline && !withAuth;
  await probe.send(greetingPipelined ? Buffer.concat([greeting, options.followedBy!]) : greeting, how);
  const selection = await probe.read(decodeMethodSelection, options.timeoutMs);
  if (
    selection.kind !== 'decoded' ||
    selection.value.version !== 5 ||
    selection.value.method !== options.method
  ) {
    return failed('method selection', selection, describeMethodSelection);
  }
  if (withAuth) {
    const { username, password } = options.credentials!;
    const auth = encodeAuthRequest(username, password);
    await probe.send(pipeline ? Buffer.concat([auth, options.followedBy!]) : auth, how);
    const response = await probe.read(decodeAuthResponse, options.timeoutMs);
    if (response.kind !== 'decoded' || response.value.status !== 0x00) {
      return failed('RFC 1929 authentication', response, describeAuthResponse);
    }
  }
  if (options.followedBy !== undefined && !pipeline) await probe.send(options.followedBy, how);
  return { ok: true };
}
