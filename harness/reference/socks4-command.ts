import type net from 'node:net';
import type { Socks4Request } from '../wire/socks4.js';
import type { ReferenceConfig } from './config.js';
import type { Fault } from './faults.js';

/** What a SOCKS4 command handler gets once the request is decoded; the client socket is paused. */
export interface Socks4CommandContext {
  readonly socket: net.Socket;
  readonly request: Socks4Request;
  readonly config: ReferenceConfig;
  has(fault: Fault): boolean;
  /** Writes the rejection reply (CD 91) and ends the connection at once. */
  reject(): void;
  /** Stops the session reading the socket and returns the bytes that arrived after the request. */
  detach(): Buffer;
}
