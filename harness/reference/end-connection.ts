import type net from 'node:net';

/** How long a peer has to finish its side after the server's FIN before the socket is destroyed. */
const LINGER_MS = 1000;

/** Ends a client connection: FIN (or RST when `reset`), and destroyed after `LINGER_MS` whatever the peer does. */
export function endConnection(socket: net.Socket, reset = false): void {
  if (reset) socket.destroy();
  else socket.end();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
