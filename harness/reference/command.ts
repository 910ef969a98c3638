import type net from 'node:net';
import type { Request } from '../wire/socks5-request.js';
import type { ReferenceConfig } from './config.js';
import type { Fault } from './faults.js';

/**
 * What a command handler (CONNECT, BIND, UDP ASSOCIATE) gets from the session once the request is decoded. The
 * client socket is paused; the handler owns it from here on.
 */
export interface CommandContext {
  readonly socket: net.Socket;
  readonly request: Request;
  readonly config: ReferenceConfig;
  has(fault: Fault): boolean;
  /** Writes a failure reply at full length and ends the connection at once (RFC 1928 §6). */
  fail(reply: number): void;
  /**
   * Stops the session reading the socket and returns the bytes that arrived after the request (data a client
   * may send before the reply), so the handler can relay them.
   */
  detach(): Buffer;
}

export type CommandHandler = (context: CommandContext) => Promise<void>;
