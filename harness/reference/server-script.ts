import type { AuthRequest } from '../wire/rfc1929.js';
import type { GssMessage } from '../wire/rfc1961.js';
import type { Socks4Request } from '../wire/socks4.js';
import type { Greeting } from '../wire/socks5-greeting.js';
import type { Request } from '../wire/socks5-request.js';

/** How the scripted server writes each of its messages: in one write, or one octet per write. */
export type ServerChunking = 'whole' | 'bytewise';

/** What the scripted server does once its reply is out. */
export type AfterReply =
  /** Connect to the destination (the case's token destination) and relay both ways. */
  | 'relay'
  /** Watch what the client does (sends data, closes) for a while, then close. */
  | 'observe';

/** The SOCKS5 part of a script: what the server answers at each step. */
export interface Socks5Script {
  /**
   * The methods the server accepts, in its order of preference: it selects the first one the client offered,
   * and answers X'FF' when none was offered (an empty list: always X'FF').
   */
  readonly methods: readonly number[];
  /** Replaces the method selection message (e.g. a wrong VER); sent whatever the client offered. */
  readonly selection?: Buffer;
  /**
   * What answers the client's first GSSAPI message instead of the abort X'01 FF' (RFC 1961 §3.8): e.g. a context
   * token no mechanism accepts, after which the session watches the client.
   */
  readonly gssAnswer?: Buffer;
  /** The RFC 1929 response (default `01 00`); a STATUS not 00 ends the session after observing the client. */
  readonly authResponse?: Buffer;
  /** The reply to the request, exactly as sent. */
  readonly reply: Buffer;
  /** Whether `reply` grants the request (the session then relays); default: its second octet is 00. */
  readonly grants?: boolean;
  /** Waits this long after the request before replying, to see whether the client sends data early. */
  readonly replyDelayMs?: number;
  /**
   * Waits this long after the greeting before the METHOD selection, to see whether the client sends its next
   * message early (the octets are taken out of the stream, as a server that discards them would).
   */
  readonly selectionDelayMs?: number;
  /** Close the connection right after the reply (a truncated reply, then FIN). */
  readonly closeAfterReply?: boolean;
  /** Send the destination's first octets (it speaks first) in the reply's own segment (the reply must grant). */
  readonly firstDataWithReply?: boolean;
  /** A UDP ASSOCIATE request starts a UDP relay, named in the reply's BND, instead of getting `reply`. */
  readonly udp?: UdpRelayScript;
}

/** The UDP relay of a UDP ASSOCIATE (RFC 1928 §7), on loopback. */
export interface UdpRelayScript {
  /** The address the relay binds and names in BND (default 127.0.0.1); another one tests BND.ADDR. */
  readonly host?: string;
  /** Answer with a datagram carrying FRAG X'01' first (a fragment a client without reassembly drops). */
  readonly fragmentFirst?: boolean;
}

/** Where a client's datagram arrived: at BND, at the TCP endpoint, or at BND.PORT on the TCP address. */
export type DatagramArrival = 'bnd' | 'tcp-endpoint' | 'bnd-port-at-tcp-host';

/** The SOCKS4 part of a script. */
export interface Socks4Script {
  readonly reply: Buffer;
  readonly grants?: boolean;
  readonly replyDelayMs?: number;
  readonly closeAfterReply?: boolean;
  /** As in `Socks5Script`: the destination's first octets in the reply's segment. */
  readonly firstDataWithReply?: boolean;
}

/** What the scripted SOCKS server of a client case answers; the version the client speaks picks the part. */
export interface ServerScript {
  readonly chunking?: ServerChunking;
  readonly socks5?: Socks5Script;
  readonly socks4?: Socks4Script;
}

/** A window in which the harness watches what the client does after a message that ends the exchange. */
export type Window =
  | 'after-ff'
  | 'before-selection'
  | 'after-selection'
  | 'after-auth-failure'
  | 'after-gss-abort'
  | 'after-gss-token'
  | 'before-reply'
  /** A reply sent in pieces, before its last octet was sent: the client cannot have read it whole. */
  | 'during-reply'
  | 'after-reply'
  /** While a UDP association lasts (after its reply, until the client closes). */
  | 'udp-association';

export type MessagePhase = 'greeting' | 'auth' | 'gssapi' | 'request' | 'socks4-request';

export type SentMessage = 'selection' | 'auth-response' | 'gss-abort' | 'gss-token' | 'reply';

/** What the harness saw on one connection from the client, in order. */
export type WireEvent =
  | { readonly type: 'first-octet'; readonly version: number }
  | { readonly type: 'greeting'; readonly value: Greeting; readonly bytes: Buffer }
  | { readonly type: 'auth'; readonly value: AuthRequest; readonly bytes: Buffer }
  | { readonly type: 'gssapi'; readonly value: GssMessage; readonly bytes: Buffer }
  | { readonly type: 'request'; readonly value: Request; readonly bytes: Buffer }
  | { readonly type: 'socks4-request'; readonly value: Socks4Request; readonly bytes: Buffer }
  /** The client did not complete the message the server was reading. */
  | {
      readonly type: 'incomplete';
      readonly phase: MessagePhase;
      readonly how: 'malformed' | 'fin' | 'rst' | 'timeout' | 'overflow';
      readonly reason: string;
      readonly bytes: Buffer;
    }
  | { readonly type: 'sent'; readonly what: SentMessage }
  | { readonly type: 'client-data'; readonly window: Window; readonly bytes: Buffer }
  | {
      readonly type: 'client-close';
      readonly window: Window;
      readonly how: 'fin' | 'rst';
      readonly afterMs: number;
    }
  | { readonly type: 'client-open'; readonly window: Window; readonly waitedMs: number }
  | { readonly type: 'relayed'; readonly toDestination: number; readonly fromDestination: number }
  /**
   * The request named another destination than the case's (a browser's background connection): it was refused
   * and the connection is not judged.
   */
  | { readonly type: 'other-connection'; readonly named: string }
  /** The UDP relay of an association, as named in BND. */
  | { readonly type: 'udp-relay'; readonly host: string; readonly port: number }
  | {
      readonly type: 'udp-datagram';
      readonly at: DatagramArrival;
      /** `host:port` the datagram came from. */
      readonly from: string;
      readonly bytes: Buffer;
    };

/** One connection the client opened to the scripted server. */
export interface SessionRecord {
  readonly index: number;
  readonly events: readonly WireEvent[];
}
