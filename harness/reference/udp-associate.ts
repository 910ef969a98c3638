import dgram from 'node:dgram';
import net from 'node:net';
import { type Address, ipv4, ipv6 } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import { encodeReply } from '../wire/socks5-request.js';
import type { CommandContext } from './command.js';
import { type ExpectedClient, plainAddress, UdpRelay } from './udp-relay.js';

/** How long the `udp-outlives-tcp` fault keeps relaying after the TCP connection ends. */
const OUTLIVE_MS = 3000;

function isZero(address: Address): boolean {
  return (
    (address.type === 'ipv4' && address.host === '0.0.0.0') ||
    (address.type === 'ipv6' && address.host === '::')
  );
}

/**
 * Where the client's datagrams must come from. The source IP is always the TCP peer's (RFC 1928 §7 MUST). The
 * DST hint (RFC 1928 §6: the server MAY use it to limit access) narrows this to the hinted port when the hint's
 * address is zero or the TCP peer's own; a hint naming another address is ignored, since the reference never
 * widens access on the client's word and a client behind NAT cannot know its outside address.
 */
export function expectedClient(peer: string, hint: Address, hintPort: number): ExpectedClient {
  const address = plainAddress(peer);
  const hintNamesPeer = isZero(hint) || (hint.type !== 'domain' && plainAddress(hint.host) === address);
  return { address, port: hintNamesPeer && hintPort !== 0 ? hintPort : undefined };
}

/** A UDP socket bound on `host`:`port`, or undefined when that cannot be bound. */
export function bindRelay(host: string, port: number): Promise<dgram.Socket | undefined> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise((done) => {
    socket.once('error', () => {
      socket.close();
      done(undefined);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      done(socket);
    });
  });
}

/**
 * UDP ASSOCIATE (RFC 1928 §6, §7): binds the relay on the address the client reached the server at, names it
 * in the reply, and serves the association for as long as the TCP connection lasts.
 */
export async function serveUdpAssociate(context: CommandContext): Promise<void> {
  const { socket, request, config } = context;
  const has = context.has;
  if (has('udp-zero-hint-refused') && isZero(request.address) && request.port === 0) {
    context.fail(Reply.GENERAL_FAILURE);
    return;
  }
  if (has('udp-bnd-is-hint')) {
    answerWithoutRelay(context);
    return;
  }
  const local = plainAddress(socket.localAddress ?? '127.0.0.1');
  const relay = await bindRelay(local, has('udp-relay-on-hint-port') ? request.port : 0);
  if (!relay) {
    context.fail(Reply.GENERAL_FAILURE);
    return;
  }
  if (socket.destroyed) {
    relay.close();
    return;
  }
  context.detach();
  const association = new UdpRelay({
    relay,
    expected: expectedClient(socket.remoteAddress ?? '', request.address, request.port),
    config,
    has,
    endControl: () => socket.end(),
  });
  const end = () => {
    if (has('udp-outlives-tcp')) setTimeout(() => association.close(), OUTLIVE_MS).unref();
    else association.close();
  };
  socket.on('close', end);
  socket.on('end', () => {
    socket.end();
    end();
  });
  const bound = has('udp-bnd-any') ? ipv4('0.0.0.0') : net.isIPv6(local) ? ipv6(local) : ipv4(local);
  const reply = encodeReply(Reply.SUCCEEDED, bound, relay.address().port);
  socket.write(has('udp-short-reply') ? reply.subarray(0, reply.length - 2) : reply);
  // Nothing is relayed over the TCP connection of an association: what the client sends there is discarded.
  socket.on('data', () => {});
  socket.resume();
  if (has('udp-close-after-reply')) socket.end();
}

/** The `udp-bnd-is-hint` fault: a success reply that names DST as BND, and no relay behind it. */
function answerWithoutRelay(context: CommandContext): void {
  const { socket, request } = context;
  context.detach();
  socket.on('end', () => socket.end());
  socket.write(encodeReply(Reply.SUCCEEDED, request.address, request.port));
  socket.on('data', () => {});
  socket.resume();
}
