import type net from 'node:net';
import { type Address, domain, ipv4 } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import type { CommandContext } from './command.js';
import { connectOutbound } from './outbound.js';
import { relay } from './relay.js';
import { failureReply, replyMessage } from './replies.js';

/** How long the `connect-data-before-reply` fault lets the destination's octets run ahead of the reply. */
const DATA_AHEAD_MS = 100;

/**
 * The destination, as two faults misread a name: `domain-cut-at-nul` up to its first NUL, as a C string would;
 * `empty-domain-is-localhost` the empty name as `localhost`, as Node's `net.connect` takes host ''.
 */
function destinationOf(context: CommandContext): Address {
  const { address } = context.request;
  if (address.type !== 'domain') return address;
  const name = context.has('domain-cut-at-nul') ? (address.host.split('\0')[0] ?? '') : address.host;
  return domain(name === '' && context.has('empty-domain-is-localhost') ? 'localhost' : name);
}

/**
 * 0.0.0.0 and :: name no host (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2: never a destination), though Linux connects
 * them to this host: the reference refuses them as unreachable rather than reach its own loopback services.
 */
function namesNoHost(address: Address, has: CommandContext['has']): boolean {
  if (has('connect-unspecified-to-self')) return false;
  return (
    (address.type === 'ipv4' && address.host === '0.0.0.0') ||
    (address.type === 'ipv6' && address.host === '::')
  );
}

/** BND of the success reply: the outbound socket's local address and port (RFC 1928 §6). */
function boundOf(context: CommandContext, remote: net.Socket): { address: Address; port: number } {
  const source = context.has('connect-bnd-client-address')
    ? {
        host: context.socket.remoteAddress,
        family: context.socket.remoteFamily,
        port: context.socket.remotePort,
      }
    : { host: remote.localAddress, family: remote.localFamily, port: remote.localPort };
  const address: Address =
    source.family === 'IPv6' ? { type: 'ipv6', host: source.host ?? '::' } : ipv4(source.host ?? '0.0.0.0');
  return { address, port: source.port ?? 0 };
}

function startRelay(context: CommandContext, remote: net.Socket): void {
  const { socket } = context;
  const pending = context.detach();
  relay(socket, remote, pipelinedData(context, pending), {
    fullClose: context.has('half-close-full-close'),
  });
  socket.resume();
}

function pipelinedData(context: CommandContext, pending: Buffer): Buffer {
  if (context.has('pipelined-data-lost')) return Buffer.alloc(0);
  if (context.has('pipelined-data-head-lost')) return pending.subarray(1);
  return pending;
}

/** The `connect-reply-before-outcome` fault: success first, the outbound connection afterwards. */
async function replyBeforeOutcome(context: CommandContext): Promise<void> {
  const { socket, request, config } = context;
  socket.write(replyMessage(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0, context.has));
  const outbound = await connectOutbound(destinationOf(context), request.port, config.connectTimeoutMs);
  if (!outbound.ok || socket.destroyed) {
    if (outbound.ok) outbound.socket.destroy();
    socket.destroy();
    return;
  }
  startRelay(context, outbound.socket);
}

/** CONNECT: the reply follows the outcome of the outbound connection; on success, relay both ways. */
export async function serveConnect(context: CommandContext): Promise<void> {
  if (context.has('connect-reply-before-outcome')) return replyBeforeOutcome(context);
  const { socket, request, config } = context;
  if (config.deniedPorts.includes(request.port)) {
    context.fail(Reply.NOT_ALLOWED);
    return;
  }
  if (namesNoHost(request.address, context.has)) {
    context.fail(Reply.HOST_UNREACHABLE);
    return;
  }
  const outbound = await connectOutbound(destinationOf(context), request.port, config.connectTimeoutMs);
  if (socket.destroyed) {
    if (outbound.ok) outbound.socket.destroy();
    return;
  }
  if (!outbound.ok) {
    if (context.has('refusal-echoes-trailing')) return echoAfterRefusal(context, outbound.reply);
    context.fail(outbound.reply);
    return;
  }
  const remote = outbound.socket;
  const bound = boundOf(context, remote);
  const reply = replyMessage(Reply.SUCCEEDED, bound.address, bound.port, context.has);
  if (!context.has('connect-data-before-reply')) {
    socket.write(reply);
    startRelay(context, remote);
    return;
  }
  startRelay(context, remote);
  setTimeout(() => socket.write(reply), DATA_AHEAD_MS).unref();
}

/** The `refusal-echoes-trailing` fault: the failure reply, then the octets that followed the request, then the close. */
function echoAfterRefusal(context: CommandContext, reply: number): void {
  const trailing = context.detach();
  context.socket.write(failureReply(reply, context.has));
  context.socket.end(trailing);
}
