import { ipv4 } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import { encodeReply } from '../wire/socks5-request.js';
import type { CommandContext } from './command.js';
import { connectOutbound } from './outbound.js';
import { relay } from './relay.js';

/** CONNECT: the reply follows the outcome of the outbound connection; on success, relay both ways. */
export async function serveConnect(context: CommandContext): Promise<void> {
  const { socket, request, config } = context;
  const outbound = await connectOutbound(request.address, request.port, config.connectTimeoutMs);
  if (socket.destroyed) {
    if (outbound.ok) outbound.socket.destroy();
    return;
  }
  if (!outbound.ok) {
    context.fail(outbound.reply);
    return;
  }
  const remote = outbound.socket;
  const bound =
    remote.localFamily === 'IPv6'
      ? { type: 'ipv6' as const, host: remote.localAddress ?? '::' }
      : ipv4(remote.localAddress ?? '0.0.0.0');
  socket.write(encodeReply(Reply.SUCCEEDED, bound, remote.localPort ?? 0));
  relay(socket, remote, context.detach());
  socket.resume();
}
