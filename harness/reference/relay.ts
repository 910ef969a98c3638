import type net from 'node:net';

export interface RelayOptions {
  /** The `half-close-full-close` fault: a FIN from either side ends both connections at once. */
  readonly fullClose?: boolean;
}

/**
 * Relays both ways until both directions are done. A FIN from one side is passed on as a FIN to the other
 * (half-close), and a reset or error on either side tears both down.
 */
export function relay(
  client: net.Socket,
  remote: net.Socket,
  pending: Buffer,
  options: RelayOptions = {},
): void {
  const teardown = () => {
    client.destroy();
    remote.destroy();
  };
  client.on('error', teardown);
  remote.on('error', teardown);
  client.on('close', () => remote.destroy());
  remote.on('close', () => client.destroy());
  if (options.fullClose) {
    client.on('end', teardown);
    remote.on('end', teardown);
  }
  if (pending.length > 0) remote.write(pending);
  client.pipe(remote);
  remote.pipe(client);
}
