import type net from 'node:net';
import { Socks4Code, Socks4Command } from '../wire/constants.js';
import { decodeSocks4Request, type Socks4Request } from '../wire/socks4.js';
import type { ReferenceConfig } from './config.js';
import { endConnection } from './end-connection.js';
import type { Fault } from './faults.js';
import { crash, hasCrashed } from './simulated-crash.js';
import { serveSocks4Bind } from './socks4-bind.js';
import type { Socks4CommandContext } from './socks4-command.js';
import { relayDespiteRejection, serveSocks4Connect } from './socks4-connect.js';
import { socks4Rejection, socks4Reply } from './socks4-replies.js';
import { decodeSocks4aFromZero } from './socks4-zero-is-4a.js';

/** Longest USERID or SOCKS4A domain read before its NUL (draft-vance-socks-v4a suggests about 255). */
export const SOCKS4_MAX_FIELD = 255;

/** Bytes held before the relay starts, whatever the faults; beyond it the client is cut off. */
const MAX_HELD_BYTES = 1024 * 1024;

type State = 'request' | 'busy' | 'done';

/**
 * A SOCKS4/4A client connection, handed over by the session once the first octet says VN 4: a state machine
 * over a growing buffer, like the SOCKS5 session. The USERID and the domain are read up to a bound, and the
 * whole request within the negotiation timeout; a failure reply (CD 91) is followed by the close at once.
 */
export class Socks4Session {
  #buffer: Buffer;
  #state: State = 'request';
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly config: ReferenceConfig,
    pending: Buffer,
  ) {
    this.#buffer = pending;
    this.#timer = setTimeout(() => this.#finish(), config.negotiationTimeoutMs);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', () => this.#finish(true));
    socket.on('close', () => clearTimeout(this.#timer));
    if (hasCrashed(config)) {
      this.#finish(true);
      return;
    }
    this.#advance();
  }

  readonly #onData = (chunk: Buffer) => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_HELD_BYTES) {
      this.#finish(true);
      return;
    }
    this.#advance();
  };

  /** A client that ends the connection mid-request gets the close; it will send no more. */
  readonly #onEnd = () => {
    if (this.#state !== 'request') {
      this.#finish();
      return;
    }
    if (this.#has('socks4-unbounded-read')) return;
    if (this.#has('socks4-crash-on-unterminated') && this.#buffer.length >= 8) {
      crash(this.config);
      this.#finish(true);
      return;
    }
    this.#finish();
  };

  #has(fault: Fault): boolean {
    return this.config.faults.has(fault);
  }

  #decode() {
    const options = {
      socks4a: true,
      maxField: this.#has('socks4-unbounded-read') ? MAX_HELD_BYTES : SOCKS4_MAX_FIELD,
    };
    if (this.#has('socks4-zero-is-4a')) return decodeSocks4aFromZero(this.#buffer, options);
    return decodeSocks4Request(this.#buffer, options);
  }

  #advance(): void {
    if (this.#state !== 'request' || this.#buffer.length === 0) return;
    const result = this.#decode();
    if (result.kind === 'need-more') {
      // The first advance already holds the whole first read (the session passed it on).
      if (this.#has('socks4-first-chunk-only')) this.#finish();
      return;
    }
    if (result.kind === 'malformed') {
      this.#reject();
      return;
    }
    this.#buffer = this.#buffer.subarray(result.length);
    if (this.#has('socks4a-domain-nul-relayed') && result.value.domain !== undefined) {
      this.#buffer = Buffer.concat([Buffer.from([0]), this.#buffer]);
    }
    this.#serve(result.value);
  }

  #serve(request: Socks4Request): void {
    if (this.config.policy.some((rule) => 'socks4' in rule)) {
      this.#reject();
      return;
    }
    this.#state = 'busy';
    clearTimeout(this.#timer);
    this.socket.pause();
    const context: Socks4CommandContext = {
      socket: this.socket,
      request,
      config: this.config,
      has: (fault) => this.#has(fault),
      reject: () => this.#reject(),
      detach: () => this.#detach(),
    };
    const handling =
      request.command === Socks4Command.CONNECT
        ? serveSocks4Connect(context)
        : request.command === Socks4Command.BIND
          ? serveSocks4Bind(context)
          : this.#undefinedCommand(context);
    handling.catch(() => this.#finish(true));
  }

  /** CD neither 1 nor 2: rejected (CD 91). */
  async #undefinedCommand(context: Socks4CommandContext): Promise<void> {
    if (this.#has('socks4-undefined-cd-granted')) {
      this.socket.write(socks4Reply(Socks4Code.GRANTED, context.has));
      this.#finish();
      return;
    }
    if (this.#has('socks4-relay-after-rejection')) {
      this.socket.write(socks4Rejection(context.has));
      await relayDespiteRejection(context);
      return;
    }
    this.#reject();
  }

  #detach(): Buffer {
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    const pending = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    this.#state = 'done';
    return pending;
  }

  #reject(): void {
    if (this.#state === 'done') return;
    this.socket.write(socks4Rejection((f) => this.#has(f)));
    if (this.#has('socks4-failure-stays-open')) {
      this.#state = 'busy';
      clearTimeout(this.#timer);
      return;
    }
    this.#finish();
  }

  #finish(reset = false): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    clearTimeout(this.#timer);
    endConnection(this.socket, reset);
  }
}
