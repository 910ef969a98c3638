import net from 'node:net';
import type { Address } from '../wire/address.js';
import { Reply } from '../wire/constants.js';
import { isOnThisHost, OFF_HOST } from './on-this-host.js';
import { resolveName } from './resolve-name.js';

export type OutboundResult = { ok: true; socket: net.Socket } | { ok: false; reply: number };

/** RFC 1928 §6: the reply code that names why the outbound connection failed. */
export function replyForError(code: string | undefined): number {
  switch (code) {
    case OFF_HOST:
      return Reply.NOT_ALLOWED;
    case 'ECONNREFUSED':
      return Reply.CONNECTION_REFUSED;
    case 'ENETUNREACH':
      return Reply.NETWORK_UNREACHABLE;
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return Reply.HOST_UNREACHABLE;
    default:
      return Reply.GENERAL_FAILURE;
  }
}

/** The address to connect to, resolving a name within `timeoutMs`; or the error code that names the failure. */
async function resolveWithin(address: Address, timeoutMs: number): Promise<string | { code: string }> {
  if (address.type !== 'domain') return isOnThisHost(address.host) ? address.host : { code: OFF_HOST };
  const resolved = await resolveName(address.host, timeoutMs);
  return resolved.ok ? resolved.addresses[0]!.address : { code: resolved.code };
}

/** Opens the CONNECT's outbound TCP connection; name resolution and connect together take at most `timeoutMs`. */
export async function connectOutbound(
  address: Address,
  port: number,
  timeoutMs: number,
): Promise<OutboundResult> {
  const started = performance.now();
  const host = await resolveWithin(address, timeoutMs);
  if (typeof host !== 'string') return { ok: false, reply: replyForError(host.code) };
  const remaining = Math.max(1, timeoutMs - (performance.now() - started));
  return new Promise((done) => {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    const timer = setTimeout(() => fail('ETIMEDOUT'), remaining);
    const fail = (code: string | undefined) => {
      clearTimeout(timer);
      socket.removeAllListeners('connect');
      socket.on('error', () => {});
      socket.destroy();
      done({ ok: false, reply: replyForError(code) });
    };
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Until the relay takes the socket over, an error must not go unhandled (it would end the process).
      socket.on('error', () => socket.destroy());
      socket.setNoDelay(true);
      done({ ok: true, socket });
    });
  });
}
