import { Command, Method, SOCKS4_VERSION, SOCKS5_VERSION } from './constants.js';
import type { DecodeResult } from './decode-result.js';
import {
  decodeAuthRequest,
  decodeAuthResponse,
  describeAuthRequest,
  describeAuthResponse,
} from './rfc1929.js';
import { decodeGssMessage, describeGssMessage, type GssMessage } from './rfc1961.js';
import {
  decodeSocks4Reply,
  decodeSocks4Request,
  describeSocks4Reply,
  describeSocks4Request,
} from './socks4.js';
import {
  decodeGreeting,
  decodeMethodSelection,
  describeGreeting,
  describeMethodSelection,
} from './socks5-greeting.js';
import { decodeReply, decodeRequest, describeReply, describeRequest } from './socks5-request.js';

/** A run of bytes in one chunk of a stream, with what those bytes mean. Segments cover their chunk in order. */
export interface Segment {
  readonly length: number;
  readonly note: string;
  /** The bytes carry a secret (an RFC 1929 password) and must not be shown. */
  readonly redact?: boolean;
}

export interface StreamDissector {
  sent(chunk: Uint8Array): Segment[];
  received(chunk: Uint8Array): Segment[];
}

interface Phase {
  readonly name: string;
  readonly secret?: boolean;
  decode(buffer: Uint8Array): DecodeResult<unknown>;
  describe(value: never): string;
  after(value: never): void;
}

/**
 * A bound on bytes held while waiting for a message to complete; past it the stream is shown as raw data. It is
 * the largest message any phase reads (an RFC 1961 message: 4 octets and a token of up to 65535), so that no
 * valid message is given up on however it is chunked.
 */
const MAX_PENDING = 4 + 0xffff;

/**
 * Follows one SOCKS connection from the client's side: what the client sent and what the server answered,
 * so that a trace reads as messages rather than bytes. It tracks which method was selected and which command
 * was sent, because those decide what the next message on each side is.
 */
export function socksDissector(): StreamDissector {
  let selectedMethod: number | undefined;
  let command: number | undefined;
  let repliesLeft = 1;
  const data: Phase = {
    name: 'data',
    decode: () => ({ kind: 'need-more' }),
    describe: () => '',
    after: () => {},
  };

  const clientPhases: Phase[] = [];
  const serverPhases: Phase[] = [];

  const socks5Request: Phase = {
    name: 'request',
    decode: decodeRequest,
    describe: describeRequest as (v: never) => string,
    after: (v: never) => {
      command = (v as { command: number }).command;
      repliesLeft = command === Command.BIND ? 2 : 1;
    },
  };
  /**
   * RFC 1961: once GSSAPI is selected, each side's stream is RFC 1961 messages to the end (token rounds,
   * protection-level negotiation, then every SOCKS message encapsulated), unless that side aborts.
   */
  function gssPhase(phases: Phase[]): Phase {
    const phase: Phase = {
      name: 'GSSAPI message',
      decode: decodeGssMessage,
      describe: describeGssMessage as (v: never) => string,
      after: (v: never) => {
        if ((v as GssMessage).kind !== 'abort') phases.unshift(phase);
      },
    };
    return phase;
  }
  const socks5Reply: Phase = {
    name: 'reply',
    decode: decodeReply,
    describe: describeReply as (v: never) => string,
    after: (v: never) => {
      repliesLeft -= 1;
      if ((v as { reply: number }).reply === 0 && repliesLeft > 0) serverPhases.unshift(socks5Reply);
    },
  };
  const socks4Reply: Phase = {
    name: 'SOCKS4 reply',
    decode: decodeSocks4Reply,
    describe: describeSocks4Reply as (v: never) => string,
    after: (v: never) => {
      repliesLeft -= 1;
      if ((v as { code: number }).code === 90 && repliesLeft > 0) serverPhases.unshift(socks4Reply);
    },
  };
  const authRequest: Phase = {
    name: 'RFC 1929 request',
    secret: true,
    decode: decodeAuthRequest,
    describe: describeAuthRequest as (v: never) => string,
    after: () => {},
  };
  const authResponse: Phase = {
    name: 'RFC 1929 response',
    decode: decodeAuthResponse,
    describe: describeAuthResponse as (v: never) => string,
    after: () => {},
  };

  const greeting: Phase = {
    name: 'greeting',
    decode: decodeGreeting,
    describe: describeGreeting as (v: never) => string,
    after: () => {},
  };
  const selection: Phase = {
    name: 'method selection',
    decode: decodeMethodSelection,
    describe: describeMethodSelection as (v: never) => string,
    after: (v: never) => {
      selectedMethod = (v as { method: number }).method;
      if (selectedMethod === Method.USERNAME_PASSWORD) {
        clientPhases.unshift(authRequest);
        serverPhases.unshift(authResponse);
      } else if (selectedMethod === Method.GSSAPI) {
        clientPhases.length = 0;
        serverPhases.length = 0;
        clientPhases.push(gssPhase(clientPhases));
        serverPhases.push(gssPhase(serverPhases));
      } else if (selectedMethod === Method.NO_ACCEPTABLE) {
        clientPhases.length = 0;
        serverPhases.length = 0;
      }
    },
  };
  const socks4Request: Phase = {
    name: 'SOCKS4 request',
    decode: (b) => decodeSocks4Request(b, { socks4a: true }),
    describe: describeSocks4Request as (v: never) => string,
    after: (v: never) => {
      command = (v as { command: number }).command;
      repliesLeft = command === 2 ? 2 : 1;
    },
  };

  function side(phases: Phase[], onFirstByte?: (byte: number) => void) {
    let pending = Buffer.alloc(0);
    let started = false;
    return (chunk: Uint8Array): Segment[] => {
      if (!started && chunk.length > 0) {
        started = true;
        onFirstByte?.(chunk[0]!);
      }
      const segments: Segment[] = [];
      let offset = 0;
      const heldBefore = pending.length;
      pending = Buffer.concat([pending, chunk]);
      let consumedOfHeld = 0;
      while (offset < chunk.length) {
        const phase = phases[0] ?? data;
        if (phase === data) {
          segments.push({ length: chunk.length - offset, note: `DATA ${chunk.length - offset} octets` });
          pending = Buffer.alloc(0);
          offset = chunk.length;
          break;
        }
        const result = phase.decode(pending);
        if (result.kind === 'need-more') {
          if (pending.length > MAX_PENDING) phases.length = 0;
          else {
            segments.push({
              length: chunk.length - offset,
              note: `(partial ${phase.name}, ${pending.length} octets so far)`,
              ...(phase.secret ? { redact: true } : {}),
            });
            offset = chunk.length;
          }
          continue;
        }
        if (result.kind === 'malformed') {
          segments.push({
            length: chunk.length - offset,
            note: `malformed ${phase.name}: ${result.reason}`,
            ...(phase.secret ? { redact: true } : {}),
          });
          phases.length = 0;
          pending = Buffer.alloc(0);
          offset = chunk.length;
          break;
        }
        const fromChunk = result.length - (heldBefore - consumedOfHeld);
        consumedOfHeld = heldBefore;
        const length = Math.max(0, Math.min(fromChunk, chunk.length - offset));
        phases.shift();
        segments.push({
          length,
          note: `${phase.describe(result.value as never)}`,
          ...(phase.secret ? { redact: true } : {}),
        });
        phase.after(result.value as never);
        pending = pending.subarray(result.length);
        offset += length;
      }
      return segments.filter((s) => s.length > 0);
    };
  }

  const sent = side(clientPhases, (first) => {
    if (first === SOCKS5_VERSION) {
      clientPhases.push(greeting, socks5Request);
      serverPhases.push(selection, socks5Reply);
    } else if (first === SOCKS4_VERSION) {
      clientPhases.push(socks4Request);
      serverPhases.push(socks4Reply);
    }
  });
  const received = side(serverPhases);
  return { sent, received };
}
