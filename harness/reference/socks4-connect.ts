import type net from 'node:net';
import { type Address, domain, ipv4 } from '../wire/address.js';
import { Socks4Code } from '../wire/constants.js';
import { connectOutbound } from './outbound.js';
import { relay } from './relay.js';
import type { Socks4CommandContext } from './socks4-command.js';
import { socks4Reply } from './socks4-replies.js';

/**
 * The destination: the SOCKS4A domain when one was sent, else DSTIP; undefined for 0.0.0.0, which is no host
 * (the `connect-unspecified-to-self` fault passes it on; `socks4a-empty-domain-is-localhost` reads '' as
 * `localhost`).
 */
export function socks4Destination(context: Socks4CommandContext): Address | undefined {
  const { request } = context;
  if (request.domain === '' && context.has('socks4a-empty-domain-is-localhost')) return domain('localhost');
  if (request.domain !== undefined) return domain(request.domain);
  return request.ip === '0.0.0.0' && !context.has('connect-unspecified-to-self')
    ? undefined
    : ipv4(request.ip);
}

function startRelay(context: Socks4CommandContext, remote: net.Socket): void {
  const pending = context.detach();
  relay(context.socket, remote, context.has('socks4-drop-pipelined-data') ? Buffer.alloc(0) : pending);
  context.socket.resume();
}

/** The `socks4-granted-before-connect` fault: CD 90 first, the outbound connection afterwards. */
async function grantBeforeConnect(context: Socks4CommandContext, to: Address | undefined): Promise<void> {
  const { socket, request, config } = context;
  socket.write(socks4Reply(Socks4Code.GRANTED, context.has));
  const outbound = to && (await connectOutbound(to, request.port, config.connectTimeoutMs));
  if (!outbound?.ok || socket.destroyed) {
    if (outbound?.ok) outbound.socket.destroy();
    socket.destroy();
    return;
  }
  startRelay(context, outbound.socket);
}

/** SOCKS4 CONNECT: CD 90 once the outbound connection is made, then relay both ways; CD 91 if it fails. */
export async function serveSocks4Connect(context: Socks4CommandContext): Promise<void> {
  const to = socks4Destination(context);
  if (context.has('socks4-granted-before-connect')) return grantBeforeConnect(context, to);
  if (to === undefined) {
    context.reject();
    return;
  }
  const { socket, request, config } = context;
  const outbound = await connectOutbound(to, request.port, config.connectTimeoutMs);
  if (socket.destroyed) {
    if (outbound.ok) outbound.socket.destroy();
    return;
  }
  if (!outbound.ok) {
    context.reject();
    return;
  }
  socket.write(socks4Reply(Socks4Code.GRANTED, context.has));
  startRelay(context, outbound.socket);
}

/** The `socks4-relay-after-rejection` fault: after its 91, the server connects and relays all the same. */
export async function relayDespiteRejection(context: Socks4CommandContext): Promise<void> {
  const to = socks4Destination(context);
  const outbound = to && (await connectOutbound(to, context.request.port, context.config.connectTimeoutMs));
  if (!outbound?.ok || context.socket.destroyed) {
    if (outbound?.ok) outbound.socket.destroy();
    context.socket.destroy();
    return;
  }
  startRelay(context, outbound.socket);
}
