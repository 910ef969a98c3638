import type net from 'node:net';
import { ipv4 } from '../wire/address.js';
import { Command, Method, Reply, SOCKS4_VERSION, SOCKS5_VERSION } from '../wire/constants.js';
import { decodeAuthRequest } from '../wire/rfc1929.js';
import { decodeGssMessage } from '../wire/rfc1961.js';
import { decodeGreeting, encodeMethodSelection } from '../wire/socks5-greeting.js';
import { decodeRequest } from '../wire/socks5-request.js';
import { authAnswer } from './auth-answer.js';
import { authenticates } from './authenticate.js';
import { serveBind } from './bind.js';
import type { CommandHandler } from './command.js';
import type { ReferenceConfig } from './config.js';
import { serveConnect } from './connect.js';
import { decodeRequestCountingCharacters } from './domain-as-characters.js';
import { endConnection } from './end-connection.js';
import { gssapiAnswer } from './gssapi-answer.js';
import { failureReply, replyMessage } from './replies.js';
import { asRead, refusalOf } from './request-check.js';
import { selectMethod } from './select-method.js';
import { forgetOwner, partialOf, type SharedPhase, sharedStateFaults } from './shared-parse-state.js';
import { crash, hasCrashed, hasWedged, wedge } from './simulated-crash.js';
import { Socks4Session } from './socks4-session.js';
import { serveUdpAssociate } from './udp-associate.js';

const commandHandlers: Partial<Record<number, CommandHandler>> = {
  [Command.CONNECT]: serveConnect,
  [Command.BIND]: serveBind,
  [Command.UDP_ASSOCIATE]: serveUdpAssociate,
};

/** Bytes held before the relay starts; a client that sends more without completing a message is cut off. */
const MAX_NEGOTIATION_BYTES = 64 * 1024;

/** `detached`: a command handler owns the socket; the session still ends it when the handler fails. */
type State = 'greeting' | 'auth' | 'gssapi' | 'request' | 'busy' | 'detached' | 'done';

/**
 * One client connection, driven as a state machine over a growing buffer (ws-receiver style), so that a
 * message split over many reads or coalesced with the next one needs no special case.
 */
export class Session {
  #buffer = Buffer.alloc(0);
  #state: State = 'greeting';
  #reads = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly config: ReferenceConfig,
  ) {
    this.#timer = setTimeout(() => this.#finish(), config.negotiationTimeoutMs);
    socket.on('data', this.#onData);
    socket.on('end', () => this.#finish());
    socket.on('error', () => this.#finish(true));
    socket.on('close', () => clearTimeout(this.#timer));
  }

  readonly #onData = (chunk: Buffer) => {
    this.#reads += 1;
    const shared = this.#sharedPhase();
    if (shared) {
      this.#advanceShared(shared, chunk);
      return;
    }
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_NEGOTIATION_BYTES) {
      this.#finish(true);
      return;
    }
    this.#advance();
  };

  /** The phase whose parse state a shared-state fault keeps per server, if the session is in one. */
  #sharedPhase(): SharedPhase | undefined {
    const state = this.#state;
    if (state !== 'greeting' && state !== 'auth' && state !== 'request') return undefined;
    return this.#has(sharedStateFaults[state]) ? state : undefined;
  }

  /** A shared-state mutant: this connection's octets join the server's partial message of the phase. */
  #advanceShared(phase: SharedPhase, chunk: Buffer): void {
    const partial = partialOf(this.config, phase);
    if (phase === 'auth' && partial.owner !== undefined && partial.owner !== this) {
      // As socksv5's process dies when one connection's UNAME buffer is replaced under another's feet.
      crash(this.config);
      this.#finish(true);
      return;
    }
    this.#buffer = Buffer.concat([partial.bytes, this.#buffer, chunk]);
    if (this.#buffer.length > MAX_NEGOTIATION_BYTES) {
      this.#finish(true);
      return;
    }
    this.#advance();
    if (this.#state === phase) {
      partial.bytes = this.#buffer;
      partial.owner = this.#buffer.length > 0 ? this : undefined;
      this.#buffer = Buffer.alloc(0);
    } else {
      partial.bytes = Buffer.alloc(0);
      partial.owner = undefined;
    }
  }

  #has(fault: Parameters<ReferenceConfig['faults']['has']>[0]): boolean {
    return this.config.faults.has(fault);
  }

  #advance(): void {
    for (;;) {
      const before = this.#state;
      if (this.#state === 'greeting') this.#greeting();
      else if (this.#state === 'auth' && this.#requestInPlaceOfAuth()) this.#request();
      else if (this.#state === 'auth') this.#auth();
      else if (this.#state === 'gssapi') this.#gssapi();
      else if (this.#state === 'request') this.#request();
      if (
        this.#state === before ||
        this.#state === 'busy' ||
        this.#state === 'detached' ||
        this.#state === 'done'
      )
        return;
    }
  }

  #consume(length: number): void {
    this.#buffer = this.#buffer.subarray(length);
  }

  #greeting(): void {
    const first = this.#buffer[0];
    if (first === undefined) return;
    if (first === SOCKS4_VERSION && !this.#has('ignore-greeting-version')) {
      clearTimeout(this.#timer);
      new Socks4Session(this.socket, this.config, this.#detach());
      return;
    }
    if (first !== SOCKS5_VERSION && !this.#has('ignore-greeting-version')) {
      if (this.#has('unknown-version-crashes')) crash(this.config);
      this.#finish();
      return;
    }
    if (
      this.#has('answer-partial-greeting') &&
      this.#buffer.length >= 3 &&
      this.#buffer.length < 2 + this.#buffer[1]!
    ) {
      const offered = Array.from(this.#buffer.subarray(2));
      this.#buffer = Buffer.alloc(0);
      this.#selected(selectMethod(offered, this.config));
      return;
    }
    if (this.#has('nmethods-over-200-wedges') && (this.#buffer[1] ?? 0) > 200) wedge(this.config);
    if (hasWedged(this.config)) return;
    const result = decodeGreeting(this.#buffer);
    if (result.kind === 'need-more') {
      if (this.#has('greeting-first-chunk-only')) this.#finish();
      return;
    }
    if (result.kind === 'malformed') {
      this.#finish();
      return;
    }
    if (this.#has('limit-nmethods-128') && result.value.methods.length > 128) {
      this.#finish();
      return;
    }
    this.#consume(result.length);
    if (this.#has('drop-coalesced-bytes')) this.#buffer = Buffer.alloc(0);
    const { methods } = result.value;
    if (methods.length === 0) {
      this.#selected(this.#has('accept-zero-nmethods') ? Method.NO_AUTH : Method.NO_ACCEPTABLE);
      return;
    }
    this.#selected(selectMethod(methods, this.config));
  }

  #selected(method: number): void {
    if (hasCrashed(this.config)) {
      this.#finish(true);
      return;
    }
    if (method === Method.NO_ACCEPTABLE) {
      if (!this.#has('close-instead-of-ff')) this.socket.write(encodeMethodSelection(Method.NO_ACCEPTABLE));
      this.#finish();
      return;
    }
    const selection = encodeMethodSelection(method);
    this.socket.write(
      this.#has('selection-trailing-byte') ? Buffer.concat([selection, Buffer.from([0])]) : selection,
    );
    if (method === Method.USERNAME_PASSWORD) this.#state = 'auth';
    else if (method === Method.GSSAPI) this.#state = 'gssapi';
    else this.#state = 'request';
  }

  /** RFC 1929: STATUS 00 on a match, anything else closes the connection. */
  #auth(): void {
    const result = decodeAuthRequest(this.#buffer);
    if (result.kind !== 'decoded') {
      if (this.#has('auth-first-chunk-only') && this.#buffer.length > 0) this.#finish();
      return;
    }
    const ulen = this.#buffer[1]!;
    const plen = this.#buffer[2 + ulen]!;
    const received = Buffer.from(this.#buffer.subarray(0, result.length));
    this.#consume(result.length);
    if (this.#has('auth-drop-coalesced-bytes')) this.#buffer = Buffer.alloc(0);
    if (this.#has('auth-limit-127') && (ulen > 127 || plen > 127)) {
      this.#finish();
      return;
    }
    if (this.#has('auth-empty-field-crashes') && (ulen === 0 || plen === 0)) {
      crash(this.config);
      this.#finish(true);
      return;
    }
    const ok = authenticates(result.value, this.config);
    this.socket.write(authAnswer(received, ok, (fault) => this.#has(fault)));
    if (ok || this.#has('auth-fail-serves-request')) {
      this.#state = 'request';
      return;
    }
    if (this.#has('auth-fail-stays-open')) {
      this.#state = 'busy';
      clearTimeout(this.#timer);
      return;
    }
    this.#finish();
  }

  /** RFC 1961 framing without a GSS-API mechanism: every complete message is refused with the abort message. */
  #gssapi(): void {
    const result = decodeGssMessage(this.#buffer);
    if (result.kind === 'need-more') {
      if (this.#has('gssapi-crash-on-partial') && this.#buffer.length > 0) {
        crash(this.config);
        this.#finish(true);
      }
      return;
    }
    if (result.kind === 'malformed') {
      this.#finish();
      return;
    }
    this.#consume(result.length);
    const answer = gssapiAnswer(result.value, (fault) => this.#has(fault));
    if (answer.bytes.length > 0) this.socket.write(answer.bytes);
    if (answer.afterwards === 'close') this.#finish();
    else if (answer.afterwards === 'stay-open') {
      this.#state = 'busy';
      clearTimeout(this.#timer);
    }
  }

  #request(): void {
    const result = this.#has('domain-length-in-characters')
      ? decodeRequestCountingCharacters(this.#buffer)
      : decodeRequest(this.#buffer);
    if (result.kind === 'need-more') {
      if (this.#has('answer-partial-request') && this.#buffer.length >= 4) {
        this.socket.write(replyMessage(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0, (f) => this.#has(f)));
        this.#finish();
      }
      return;
    }
    if (result.kind === 'malformed') {
      if (this.#has('unknown-atyp-closes')) this.#finish();
      else this.#fail(Reply.ADDRESS_TYPE_NOT_SUPPORTED);
      return;
    }
    this.#consume(result.length);
    if (
      this.#has('empty-domain-crashes') &&
      result.value.address.host === '' &&
      result.value.address.type === 'domain'
    ) {
      crash(this.config);
      this.#finish(true);
      return;
    }
    const request = asRead(result.value, (f) => this.#has(f));
    const refusal = refusalOf(request, (f) => this.#has(f), this.config.policy);
    if (refusal !== undefined) {
      if (refusal === 'close') this.#finish();
      else this.#fail(refusal.reply);
      return;
    }
    const handler = commandHandlers[request.command];
    if (!handler && this.#has('undefined-cmd-succeeds')) {
      this.socket.write(replyMessage(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0, (f) => this.#has(f)));
      this.#finish();
      return;
    }
    if (!handler) {
      this.#fail(Reply.COMMAND_NOT_SUPPORTED);
      return;
    }
    this.#state = 'busy';
    clearTimeout(this.#timer);
    this.socket.pause();
    void handler({
      socket: this.socket,
      request,
      config: this.config,
      has: (fault) => this.#has(fault),
      fail: (reply) => this.#fail(reply),
      detach: () => this.#detach(),
    }).catch(() => this.#finish(true));
  }

  /** The `request-skips-subnegotiation` fault: a message that starts like a SOCKS5 request is taken as one. */
  #requestInPlaceOfAuth(): boolean {
    return this.#has('request-skips-subnegotiation') && this.#buffer[0] === SOCKS5_VERSION;
  }

  #detach(): Buffer {
    this.socket.off('data', this.#onData);
    this.socket.removeAllListeners('end');
    const pending = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    this.#state = 'detached';
    return pending;
  }

  /** A failure reply at full length, then the connection ends at once (RFC 1928 §6). */
  #fail(reply: number): void {
    this.socket.write(failureReply(reply, (f) => this.#has(f)));
    if (this.#has('failure-stays-open')) {
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
    forgetOwner(this.config, this);
    endConnection(this.socket, reset);
  }
}
