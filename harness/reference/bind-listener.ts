import net from 'node:net';

/** How a BIND's wait for its one inbound connection ended. */
export type Inbound =
  | { readonly kind: 'peer'; readonly socket: net.Socket }
  | { readonly kind: 'ended' }
  | { readonly kind: 'timeout' };

/**
 * The socket a BIND listens on for its one inbound connection. It accepts one peer and then stops listening;
 * it also stops when the control connection ends or the wait times out, so that no listener outlives its BIND.
 */
export class BindListener {
  readonly #server: net.Server;
  #first: net.Socket | undefined;
  #onFirst: ((socket: net.Socket) => void) | undefined;
  #closed = false;

  private constructor(server: net.Server) {
    this.#server = server;
    // Paused until the relay starts, so that nothing the peer sends early is lost.
    server.on('connection', (socket) => {
      socket.on('error', () => socket.destroy());
      if (this.#first !== undefined || this.#closed) {
        socket.destroy();
        return;
      }
      this.#first = socket;
      this.#onFirst?.(socket);
    });
    server.on('error', () => this.close());
  }

  /** Listens on an ephemeral port of `host`; undefined when the socket cannot be bound. */
  static open(host: string): Promise<BindListener | undefined> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    return new Promise((resolve) => {
      server.once('error', () => resolve(undefined));
      server.listen(0, host, () => {
        server.removeAllListeners('error');
        resolve(new BindListener(server));
      });
    });
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Waits for the first inbound connection, the end of `control`, or `timeoutMs`; then stops listening. */
  accept(control: net.Socket, timeoutMs: number): Promise<Inbound> {
    return new Promise((resolve) => {
      const settle = (inbound: Inbound) => {
        clearTimeout(timer);
        this.#onFirst = undefined;
        control.off('end', ended);
        control.off('close', ended);
        this.close();
        resolve(inbound);
      };
      const ended = () => settle({ kind: 'ended' });
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      if (this.#first !== undefined) return settle({ kind: 'peer', socket: this.#first });
      if (control.destroyed || this.#closed) return ended();
      this.#onFirst = (socket) => settle({ kind: 'peer', socket });
      control.once('end', ended);
      control.once('close', ended);
    });
  }

  /** Stops listening; a connection already accepted is not affected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#server.close();
  }
}
