import type net from 'node:net';
import ipaddr from 'ipaddr.js';
import { type Address, ipv4, ipv6 } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import { peerAllowed, plainAddress } from './bind-evaluate.js';
import { BindListener } from './bind-listener.js';
import type { CommandContext } from './command.js';
import { relay } from './relay.js';
import { replyMessage } from './replies.js';

function addressOfHost(host: string): Address {
  return ipaddr.parse(host).kind() === 'ipv4' ? ipv4(host) : ipv6(host);
}

/** Relays the control connection and the peer both ways, with what the client sent before the second reply. */
function relayPeer(context: CommandContext, peer: net.Socket): void {
  const pending = context.detach();
  const { socket } = context;
  relay(socket, peer, context.has('bind-drop-early-data') ? Buffer.alloc(0) : pending);
  if (context.has('bind-peer-to-client-only')) socket.unpipe(peer);
  socket.resume();
  peer.resume();
}

/** Keeps the control connection of a BIND that will never see a peer open until the client leaves. */
export function holdOpen(context: { detach(): Buffer; readonly socket: net.Socket }): void {
  const { socket } = context;
  context.detach();
  socket.on('end', () => socket.end());
  socket.on('data', () => {});
  socket.resume();
}

/**
 * BIND (RFC 1928 §6): listen on a new port of the address the client reached us on; a first reply names it;
 * wait (bounded) for one inbound connection; check its host against DST.ADDR; a second reply names the peer,
 * then relay both ways. A peer from another host is refused with REP 02; no peer in time, REP 06 (the wait's
 * time to live expired). The listener is closed after its one connection, or when the control connection ends.
 */
export async function serveBind(context: CommandContext): Promise<void> {
  const { socket, request, config } = context;
  if (context.has('bind-names-dst')) {
    socket.write(replyMessage(Reply.SUCCEEDED, request.address, request.port, context.has));
    holdOpen(context);
    return;
  }
  const host = plainAddress(socket.localAddress ?? '127.0.0.1');
  const listener = await BindListener.open(host);
  if (!listener) {
    context.fail(Reply.GENERAL_FAILURE);
    return;
  }
  if (socket.destroyed) {
    listener.close();
    return;
  }
  const listening = addressOfHost(host);
  socket.write(
    replyMessage(
      Reply.SUCCEEDED,
      context.has('bind-first-bnd-any') ? ipv4('0.0.0.0') : listening,
      context.has('bind-first-port-zero') ? 0 : listener.port,
      context.has,
    ),
  );
  const early = context.has('bind-second-reply-early');
  if (early) socket.write(replyMessage(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0, context.has));
  // While waiting, the session keeps what the client sends (to relay it later) and notices the client leave.
  socket.resume();
  const inbound = await listener.accept(socket, config.bindTimeoutMs);
  socket.pause();
  if (inbound.kind === 'ended') return;
  if (inbound.kind === 'timeout') {
    context.fail(Reply.TTL_EXPIRED);
    return;
  }
  const peer = inbound.socket;
  if (peer.remoteAddress === undefined) {
    peer.destroy();
    context.fail(Reply.GENERAL_FAILURE);
    return;
  }
  const peerAddress = plainAddress(peer.remoteAddress);
  const allowed =
    context.has('bind-accept-any-peer') ||
    (await peerAllowed(request.address, peerAddress, config.connectTimeoutMs));
  if (socket.destroyed) {
    peer.destroy();
    return;
  }
  if (!allowed) {
    peer.destroy();
    context.fail(Reply.NOT_ALLOWED);
    return;
  }
  peer.setNoDelay(true);
  if (!early && !context.has('bind-no-second-reply')) {
    const named = context.has('bind-second-bnd-listener')
      ? { address: listening, port: listener.port }
      : { address: addressOfHost(peerAddress), port: peer.remotePort ?? 0 };
    socket.write(replyMessage(Reply.SUCCEEDED, named.address, named.port, context.has));
  }
  relayPeer(context, peer);
}
