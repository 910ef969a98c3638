import type net from 'node:net';
import ipaddr from 'ipaddr.js';
import { domain, ipv4 } from '../wire/address.js';
import { Socks4Code } from '../wire/constants.js';
import { holdOpen } from './bind.js';
import { peerAllowed, plainAddress } from './bind-evaluate.js';
import { BindListener } from './bind-listener.js';
import { relay } from './relay.js';
import type { Socks4CommandContext } from './socks4-command.js';
import { socks4Reply } from './socks4-replies.js';

/** How long the `socks4-bind-refusal-keeps-peer` fault leaves the refused peer connected. */
const KEPT_PEER_MS = 5000;

/** DSTIP of a reply naming `host`: an IPv6 address cannot be named, so 0.0.0.0 ("the server's address"). */
function replyIp(host: string): string {
  return ipaddr.isValid(host) && ipaddr.process(host).kind() === 'ipv4'
    ? ipaddr.process(host).toString()
    : '0.0.0.0';
}

function refusePeer(context: Socks4CommandContext, peer: net.Socket): void {
  if (context.has('socks4-bind-refusal-keeps-peer')) setTimeout(() => peer.destroy(), KEPT_PEER_MS).unref();
  else peer.destroy();
  context.reject();
}

function relayPeer(context: Socks4CommandContext, peer: net.Socket): void {
  const pending = context.detach();
  relay(context.socket, peer, context.has('socks4-drop-pipelined-data') ? Buffer.alloc(0) : pending);
  context.socket.resume();
  peer.resume();
}

/**
 * SOCKS4 BIND: listen on a new port of the address the client reached us on; the first reply (CD 90) names it;
 * wait (bounded) for one inbound connection; "if the originating IP address does not match DSTIP" reply 91 and
 * close both connections, else a second reply CD 90 and relay both ways.
 */
export async function serveSocks4Bind(context: Socks4CommandContext): Promise<void> {
  const { socket, request, config } = context;
  if (context.has('socks4-bind-names-dst')) {
    socket.write(socks4Reply(Socks4Code.GRANTED, context.has, request.ip, request.port));
    holdOpen(context);
    return;
  }
  const host = plainAddress(socket.localAddress ?? '127.0.0.1');
  const listener = await BindListener.open(host);
  if (!listener) {
    context.reject();
    return;
  }
  if (socket.destroyed) {
    listener.close();
    return;
  }
  const port = context.has('socks4-bind-first-port-zero') ? 0 : listener.port;
  socket.write(socks4Reply(Socks4Code.GRANTED, context.has, replyIp(host), port));
  // While waiting, the session keeps what the client sends (to relay it later) and notices the client leave.
  socket.resume();
  const inbound = await listener.accept(socket, config.bindTimeoutMs);
  socket.pause();
  if (inbound.kind === 'ended') return;
  if (inbound.kind === 'timeout') {
    context.reject();
    return;
  }
  const peer = inbound.socket;
  if (peer.remoteAddress === undefined) {
    peer.destroy();
    context.reject();
    return;
  }
  const expected = request.domain !== undefined ? domain(request.domain) : ipv4(request.ip);
  const allowed =
    context.has('socks4-bind-accept-any-peer') ||
    (await peerAllowed(expected, plainAddress(peer.remoteAddress), config.connectTimeoutMs));
  if (socket.destroyed) {
    peer.destroy();
    return;
  }
  if (!allowed) {
    refusePeer(context, peer);
    return;
  }
  peer.setNoDelay(true);
  if (!context.has('socks4-bind-no-second-reply')) {
    socket.write(
      socks4Reply(Socks4Code.GRANTED, context.has, replyIp(peer.remoteAddress), peer.remotePort ?? 0),
    );
  }
  relayPeer(context, peer);
}
