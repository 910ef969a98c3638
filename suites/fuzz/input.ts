/**
 * A fuzz input: the messages a client sends, as JSON-able data. Destinations are named by role (the echo, the
 * refused port) and resolved when the input is encoded, so a saved finding replays against a new echo network.
 */
import type { EchoEndpoints } from '../../harness/echo/echo-network.js';
import type { Segmentation } from '../../harness/net/segmentation.js';
import { type Address, encodeAddress, encodePort } from '../../harness/wire/address.js';
import { encodeAuthRequest } from '../../harness/wire/rfc1929.js';
import { encodeSocks4Request } from '../../harness/wire/socks4.js';
import { encodeGreeting } from '../../harness/wire/socks5-greeting.js';

export type FuzzVersion = '4' | '4a' | '5';

/** Where a request points. Literal hosts are loopback only: the fuzzer never sends a target elsewhere. */
export type Destination =
  | { readonly kind: 'echo' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'ipv4'; readonly host: string; readonly port: number }
  | { readonly kind: 'ipv6'; readonly host: string; readonly port: number }
  /** Domain octets as hex (any byte); the port is a number. */
  | { readonly kind: 'domain'; readonly hex: string; readonly port: number };

export type Message =
  | {
      readonly type: 'greeting';
      readonly methods: readonly number[];
      readonly version?: number;
      readonly nmethods?: number;
    }
  | {
      readonly type: 'auth';
      /** `valid`: the credentials the run knows; otherwise the octets given (hex). */
      readonly credentials: 'valid' | { readonly username: string; readonly password: string };
      readonly version?: number;
      readonly usernameLength?: number;
      readonly passwordLength?: number;
    }
  | {
      readonly type: 'request';
      readonly command: number;
      readonly destination: Destination;
      readonly version?: number;
      readonly reserved?: number;
      readonly atyp?: number;
      readonly domainLength?: number;
    }
  | {
      readonly type: 'socks4';
      readonly command: number;
      readonly destination: Destination;
      readonly userIdHex: string;
      /** SOCKS4A: DSTIP 0.0.0.x and the domain after the USERID. */
      readonly socks4a: boolean;
      readonly version?: number;
      readonly terminateUserId?: boolean;
      readonly terminateDomain?: boolean;
    }
  | { readonly type: 'data'; readonly hex: string };

/** How a message is mutated and delivered. */
export interface Delivery {
  /** Keep only the first `cut` octets. */
  readonly cut?: number;
  /** Octets appended (hex). */
  readonly extraHex?: string;
  /** Random segmentation seed; absent: one write. */
  readonly splitSeed?: number;
  /** Pause before the message is sent, bounded by the generator. */
  readonly delayMs?: number;
  /** Sent without waiting for the answer the server owes to the messages before it (a pipelining client). */
  readonly pipelined?: boolean;
}

export type FuzzMessage = Message & Delivery;

/** What one connection sends. */
export interface FuzzConversation {
  readonly version: FuzzVersion;
  readonly messages: readonly FuzzMessage[];
}

export interface FuzzInput extends FuzzConversation {
  /**
   * Connections opened at the same time as this one, each with a conversation of its own: their writes and this
   * one's interleave, one write of each connection in turn (a message cut by its `splitSeed` is several writes).
   * A server that keeps parse state per server, not per connection, reads one connection's octets into another's.
   */
  readonly alongside?: readonly FuzzConversation[];
}

/** Every connection's conversation, the input's own first. */
export function conversationsOf(input: FuzzInput): readonly FuzzConversation[] {
  return [input, ...(input.alongside ?? [])];
}

/** What encoding needs from the run. */
export interface EncodeContext {
  readonly echo: Pick<EchoEndpoints, 'tcpEcho4' | 'refused4'>;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
}

function resolve(destination: Destination, context: EncodeContext): { address: Address; port: number } {
  switch (destination.kind) {
    case 'echo':
      return {
        address: { type: 'ipv4', host: context.echo.tcpEcho4.host },
        port: context.echo.tcpEcho4.port,
      };
    case 'refused':
      return {
        address: { type: 'ipv4', host: context.echo.refused4.host },
        port: context.echo.refused4.port,
      };
    case 'ipv4':
    case 'ipv6':
      return { address: { type: destination.kind, host: destination.host }, port: destination.port };
    case 'domain':
      return {
        address: { type: 'domain', host: Buffer.from(destination.hex, 'hex').toString('latin1') },
        port: destination.port,
      };
  }
}

const WRONG_CREDENTIALS = { username: 'fuzz', password: 'not-the-password' };

function encodeMessage(message: Message, context: EncodeContext): Buffer {
  switch (message.type) {
    case 'greeting':
      return encodeGreeting(message.methods, {
        ...(message.version !== undefined ? { version: message.version } : {}),
        ...(message.nmethods !== undefined ? { nmethods: message.nmethods } : {}),
      });
    case 'auth': {
      const { username, password } =
        message.credentials === 'valid'
          ? (context.credentials ?? WRONG_CREDENTIALS)
          : {
              username: Buffer.from(message.credentials.username, 'hex'),
              password: Buffer.from(message.credentials.password, 'hex'),
            };
      return encodeAuthRequest(username, password, {
        ...(message.version !== undefined ? { version: message.version } : {}),
        ...(message.usernameLength !== undefined ? { usernameLength: message.usernameLength } : {}),
        ...(message.passwordLength !== undefined ? { passwordLength: message.passwordLength } : {}),
      });
    }
    case 'request': {
      const { address, port } = resolve(message.destination, context);
      return Buffer.concat([
        Buffer.from([message.version ?? 0x05, message.command, message.reserved ?? 0x00]),
        encodeAddress(address, {
          ...(message.atyp !== undefined ? { atyp: message.atyp } : {}),
          ...(message.domainLength !== undefined ? { domainLength: message.domainLength } : {}),
        }),
        encodePort(port),
      ]);
    }
    case 'socks4': {
      const { address, port } = resolve(message.destination, context);
      const domain = address.type === 'domain' ? address.host : undefined;
      const ip = message.socks4a || address.type !== 'ipv4' ? '0.0.0.1' : address.host;
      return encodeSocks4Request(message.command, ip, port, {
        userId: Buffer.from(message.userIdHex, 'hex').toString('latin1'),
        ...(message.socks4a ? { domain: domain ?? 'localhost' } : {}),
        ...(message.version !== undefined ? { version: message.version } : {}),
        ...(message.terminateUserId === false ? { terminateUserId: false } : {}),
        ...(message.terminateDomain === false ? { terminateDomain: false } : {}),
      });
    }
    case 'data':
      return Buffer.from(message.hex, 'hex');
  }
}

/** The octets of one message after its mutation (cut, extra octets). */
export function encodeFuzzMessage(message: FuzzMessage, context: EncodeContext): Buffer {
  const whole = Buffer.concat([encodeMessage(message, context), Buffer.from(message.extraHex ?? '', 'hex')]);
  return message.cut === undefined ? whole : whole.subarray(0, Math.min(message.cut, whole.length));
}

export function segmentationOf(message: FuzzMessage): Segmentation {
  return message.splitSeed === undefined ? 'whole' : { random: message.splitSeed };
}

/** Every octet the input sends on its first connection, in order. */
export function encodeFuzzInput(input: FuzzInput, context: EncodeContext): Buffer {
  return Buffer.concat(input.messages.map((m) => encodeFuzzMessage(m, context)));
}

/** The octets of each message of each connection, the input's own first. */
export function encodeConversations(input: FuzzInput, context: EncodeContext): Buffer[][] {
  return conversationsOf(input).map((c) => c.messages.map((m) => encodeFuzzMessage(m, context)));
}
