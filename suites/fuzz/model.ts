/**
 * The fuzz oracles: a strict model of one SOCKS conversation that reads the octets the client sent the way the
 * RFCs define them and judges the octets the server answered. It demands correct behaviour, never only "no
 * crash", and never more than the server suite demands: each violation names the clause the suite fails it under.
 */
import { hex, Method, Reply } from '../../harness/wire/constants.js';
import { decodeAuthRequest, decodeAuthResponse } from '../../harness/wire/rfc1929.js';
import { decodeSocks4Reply, decodeSocks4Request } from '../../harness/wire/socks4.js';
import { decodeGreeting, decodeMethodSelection } from '../../harness/wire/socks5-greeting.js';
import { decodeReply, decodeRequest, type Request } from '../../harness/wire/socks5-request.js';

export interface Violation {
  readonly clause: string;
  readonly what: string;
}

/** Octets received, each chunk with its arrival time (trace milliseconds). */
export interface Received {
  readonly bytes: Buffer;
  /** Arrival time of the octet at `offset`. */
  arrivalOf(offset: number): number;
}

export interface Conversation {
  readonly sent: Buffer;
  readonly received: Received;
  /** The server ended the connection (FIN or RST) at this time, before the client's FIN. */
  readonly closedAt: number | undefined;
  /** When the client half-closed, if it did. */
  readonly finSentAt: number | undefined;
  /** The driver waited the whole bound for an answer the model said was owed, and none came. */
  readonly owedAnswerMissing: boolean;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
}

/**
 * Whether the server owes an answer now: `must` (silence past the bound is a finding), `expected` (also the rest
 * of an answer it has begun), or none.
 */
export type Owed = 'must' | 'expected' | 'none';

export interface Judgement {
  readonly violations: Violation[];
  readonly owed: Owed;
  /** A failure reply arrived at this time; the server must close within `closeLimitMs` of it. */
  readonly failure?: { readonly at: number; readonly limitMs: number; readonly clause: string };
  /** A success reply to this command arrived (its relay or second reply follows). */
  readonly succeeded?: number;
  /** The clause of the last message the client sent: a crash or wedge after the input is named under it. */
  readonly lastClause: string;
}

const RFC1928_CLOSE_MS = 10_000;
/** The SOCKS4 document says "immediately"; the server suite reads that as 2 seconds. */
const SOCKS4_CLOSE_MS = 2_000;

function isInvalidName(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return 'a name with a NUL octet';
  if (/\.invalid\.?$/i.test(name)) return 'a name under .invalid, which never resolves';
  return undefined;
}

/** Why a structurally decoded SOCKS5 request must not be served, and under which clause. */
function socks5Invalid(request: Request): Violation | undefined {
  if (request.version !== 5) return { clause: 'rfc1928/4-req-format', what: `VER ${request.version}` };
  if (request.command < 1 || request.command > 3)
    return { clause: 'rfc1928/4-cmd', what: `the undefined command ${hex(request.command)}` };
  // Only a CONNECT names where the server must go; BIND and UDP ASSOCIATE carry hints.
  if (request.command === 1 && request.address.type === 'domain') {
    const why = isInvalidName(request.address.host);
    if (why) return { clause: 'rfc1928/5-atyp-domain', what: why };
  }
  if (request.command === 1 && request.port === 0)
    return { clause: 'rfc1928/6-connect-outcome', what: 'a CONNECT to port 0' };
  return undefined;
}

/**
 * VER 05 and RSV 00: only then does silence to an undefined CMD or ATYP fail (as in the server suite); a request
 * already wrong in VER or RSV may be met with silence (INFO there).
 */
function wellFormedHead(sent: Buffer, at: number): boolean {
  return sent[at] === 5 && sent[at + 2] === 0;
}

/** The clause a crash after a well-formed request is named under: the address when it is odd, else the format. */
function blameOf(request: Request): string {
  if (request.address.type === 'domain' && isInvalidName(request.address.host))
    return 'rfc1928/5-atyp-domain';
  return 'rfc1928/4-req-format';
}

type Owes = { owed: Owed; lastClause: string };

class Judge {
  readonly violations: Violation[] = [];
  failure: Judgement['failure'];
  succeeded: number | undefined;
  constructor(readonly c: Conversation) {}

  violate(clause: string, what: string): void {
    this.violations.push({ clause, what });
  }

  /** Server octets from `offset`: nothing, a whole reply, or octets that cannot become one. */
  get rx(): Buffer {
    return this.c.received.bytes;
  }

  closeRule(at: number, limitMs: number, clause: string, afterOffset: number, what: string): void {
    this.failure = { at, limitMs, clause };
    if (this.rx.length > afterOffset)
      this.violate(clause, `sent ${this.rx.length - afterOffset} octets after ${what}`);
    const { closedAt, finSentAt } = this.c;
    if (closedAt !== undefined) {
      if (closedAt - at > limitMs)
        this.violate(clause, `closed ${Math.round(closedAt - at)} ms after ${what} (limit ${limitMs} ms)`);
    } else if (finSentAt !== undefined && finSentAt - at >= limitMs) {
      this.violate(clause, `still open ${Math.round(finSentAt - at)} ms after ${what} (limit ${limitMs} ms)`);
    }
  }

  socks5(): Owes {
    const { sent } = this.c;
    const greeting = decodeGreeting(sent);
    let lastClause = 'rfc1928/3-select-offered';
    if (greeting.kind !== 'decoded') {
      if (this.rx.length > 0)
        this.violate('rfc1928/3-nmethods-range', 'answered before the greeting was complete');
      return { owed: 'none', lastClause };
    }
    const offered = greeting.value.methods;
    const selection = decodeMethodSelection(this.rx);
    if (selection.kind !== 'decoded') {
      // A selection begun is owed whole: its second octet may still be on its way.
      if (this.rx.length > 0) {
        this.violate('rfc1928/3-select-offered', 'a METHOD selection shorter than 2 octets');
        return { owed: 'expected', lastClause };
      }
      return { owed: offered.length > 0 ? 'expected' : 'none', lastClause };
    }
    const { version, method } = selection.value;
    if (version !== 5) {
      this.violate('rfc1928/3-select-offered', `a METHOD selection with VER ${version}`);
      return { owed: 'none', lastClause };
    }
    if (offered.length === 0) {
      if (method !== Method.NO_ACCEPTABLE)
        this.violate('rfc1928/3-nmethods-range', `selected ${hex(method)} for a greeting with NMETHODS 0`);
      return { owed: 'none', lastClause };
    }
    if (method === Method.NO_ACCEPTABLE) return { owed: 'none', lastClause };
    if (!offered.includes(method)) {
      this.violate('rfc1928/3-select-offered', `selected ${hex(method)}, which the client did not offer`);
      return { owed: 'none', lastClause };
    }
    let clientAt = greeting.length;
    let serverAt = 2;
    if (method === Method.GSSAPI) return { owed: 'none', lastClause };
    if (method === Method.USERNAME_PASSWORD) {
      lastClause = 'rfc1929/2-verify';
      const auth = decodeAuthRequest(sent.subarray(clientAt));
      const response = decodeAuthResponse(this.rx.subarray(serverAt));
      if (auth.kind !== 'decoded') {
        if (response.kind === 'decoded' && response.value.status === 0)
          this.violate('rfc1929/2-verify', 'STATUS 00 before the credentials were complete');
        return { owed: 'none', lastClause };
      }
      if (response.kind !== 'decoded') return { owed: 'expected', lastClause };
      if (response.value.version !== 1)
        this.violate('rfc1929/2-ver', `a response with VER ${response.value.version}`);
      serverAt += 2;
      if (response.value.status !== 0) {
        const at = this.c.received.arrivalOf(serverAt - 1);
        this.closeRule(at, RFC1928_CLOSE_MS, 'rfc1929/2-fail-close', serverAt, 'STATUS failure');
        return { owed: 'none', lastClause };
      }
      const known = this.c.credentials;
      if (
        known &&
        (auth.value.username !== known.username || auth.value.password !== known.password) &&
        auth.value.version === 1
      )
        this.violate('rfc1929/2-verify', "STATUS 00 for credentials that are not the account's");
      clientAt += auth.length;
    }
    return this.socks5Request(clientAt, serverAt);
  }

  socks5Request(clientAt: number, serverAt: number): Owes {
    const request = decodeRequest(this.c.sent.subarray(clientAt));
    const replyBytes = this.rx.subarray(serverAt);
    let invalid: Violation | undefined;
    let owed: Owed = 'expected';
    if (request.kind === 'need-more') {
      invalid = {
        clause: 'rfc1928/4-req-format',
        what: clientAt === this.c.sent.length ? 'no request at all' : 'a truncated request',
      };
      owed = 'none';
    } else if (request.kind === 'malformed') {
      invalid = { clause: 'rfc1928/5-atyp-unknown', what: request.reason };
      owed = wellFormedHead(this.c.sent, clientAt) ? 'must' : 'expected';
    } else {
      invalid = socks5Invalid(request.value);
      if (invalid?.clause === 'rfc1928/4-cmd' && wellFormedHead(this.c.sent, clientAt)) owed = 'must';
    }
    const lastClause =
      invalid?.clause ?? (request.kind === 'decoded' ? blameOf(request.value) : 'rfc1928/4-req-format');
    if (replyBytes.length === 0) return { owed, lastClause };
    const reply = decodeReply(replyBytes);
    if (reply.kind === 'need-more') {
      this.violate(
        'rfc1928/6-reply-format',
        `a reply of ${replyBytes.length} octets, shorter than its format`,
      );
      return { owed: 'expected', lastClause };
    }
    if (reply.kind === 'malformed') {
      this.violate('rfc1928/6-reply-format', `octets that cannot be a reply: ${reply.reason}`);
      return { owed: 'none', lastClause };
    }
    const { version, reply: rep, reserved } = reply.value;
    if (version !== 5) {
      this.violate('rfc1928/6-reply-format', `a reply with VER ${version} (relayed data before a reply?)`);
      return { owed: 'none', lastClause };
    }
    if (reserved !== 0) this.violate('rfc1928/6-rsv', `a reply with RSV ${hex(reserved)}`);
    if (rep > Reply.ADDRESS_TYPE_NOT_SUPPORTED && !(rep >= 0xf0 && rep <= 0xf7))
      this.violate('rfc1928/6-rep-codes', `the unassigned REP ${hex(rep)}`);
    const end = serverAt + reply.length;
    if (rep !== Reply.SUCCEEDED) {
      const at = this.c.received.arrivalOf(end - 1);
      this.closeRule(at, RFC1928_CLOSE_MS, 'rfc1928/6-reply-close-10s', end, `the failure REP ${hex(rep)}`);
      return { owed: 'none', lastClause };
    }
    if (invalid) {
      this.violate(invalid.clause, `REP 00 for ${invalid.what}`);
      return { owed: 'none', lastClause };
    }
    if (request.kind === 'decoded') this.succeeded = request.value.command;
    return { owed: 'none', lastClause };
  }

  socks4(): Owes {
    const lastClause = 'socks4/req-format';
    // A SOCKS4 server without 4A reads DSTIP 0.0.0.x as an address: its request ends at the USERID's NUL.
    const as4a = decodeSocks4Request(this.c.sent, { socks4a: true, maxField: 1 << 20 });
    const request = as4a.kind === 'decoded' ? as4a : decodeSocks4Request(this.c.sent, { maxField: 1 << 20 });
    if (this.rx.length > 0 && this.rx[0] === 5) return { owed: 'none', lastClause };
    let invalid: Violation | undefined;
    if (request.kind !== 'decoded') {
      invalid = { clause: 'socks4/req-format', what: 'an incomplete request' };
    } else {
      const { command, port, domain } = request.value;
      if (command !== 1 && command !== 2)
        invalid = { clause: 'socks4/cd', what: `the undefined command CD ${command}` };
      else if (command === 1 && domain !== undefined && isInvalidName(domain))
        invalid = { clause: 'socks4a/resolve', what: `${isInvalidName(domain)} (SOCKS4A)` };
      else if (command === 1 && port === 0)
        invalid = { clause: 'socks4/req-format', what: 'a CONNECT to port 0' };
    }
    // Only a request complete in the 4A reading is surely complete: a 4A server may wait for the domain.
    if (this.rx.length === 0) return { owed: as4a.kind === 'decoded' ? 'expected' : 'none', lastClause };
    const reply = decodeSocks4Reply(this.rx);
    if (reply.kind !== 'decoded') {
      this.violate('socks4/reply-format', `a reply of ${this.rx.length} octets, not 8`);
      return { owed: 'expected', lastClause };
    }
    const { code } = reply.value;
    if (code < 90 || code > 93) {
      this.violate('socks4/reply-cd', `CD ${code}, not 90–93 (relayed data before a reply?)`);
      return { owed: 'none', lastClause };
    }
    if (code !== 90) {
      this.closeRule(this.c.received.arrivalOf(7), SOCKS4_CLOSE_MS, 'socks4/fail-close', 8, `CD ${code}`);
      return { owed: 'none', lastClause };
    }
    if (invalid) this.violate(invalid.clause, `CD 90 for ${invalid.what}`);
    else if (request.kind === 'decoded') this.succeeded = request.value.command;
    return { owed: 'none', lastClause };
  }

  otherVersion(): Owes {
    const lastClause = 'rfc1928/3-greeting-ver';
    const selection = decodeMethodSelection(this.rx);
    if (selection.kind === 'decoded' && selection.value.version === 5 && selection.value.method !== 0xff)
      this.violate(
        lastClause,
        `selected ${hex(selection.value.method)} for a greeting with VER ${this.c.sent[0]}, answering it as SOCKS5`,
      );
    return { owed: 'none', lastClause };
  }
}

/** Judges one conversation; pure, so the same octets always get the same judgement. */
export function judge(conversation: Conversation): Judgement {
  const judgeOf = new Judge(conversation);
  const first = conversation.sent[0];
  const owes =
    first === undefined
      ? { owed: 'none' as const, lastClause: 'rfc1928/3-greeting-ver' }
      : first === 5
        ? judgeOf.socks5()
        : first === 4
          ? judgeOf.socks4()
          : judgeOf.otherVersion();
  if (conversation.owedAnswerMissing && owes.owed === 'must')
    judgeOf.violate(owes.lastClause, 'neither answered nor closed within the bound');
  const judgement: { -readonly [K in keyof Judgement]: Judgement[K] } = {
    violations: judgeOf.violations,
    owed: owes.owed,
    lastClause: owes.lastClause,
  };
  if (judgeOf.failure) judgement.failure = judgeOf.failure;
  if (judgeOf.succeeded !== undefined) judgement.succeeded = judgeOf.succeeded;
  return judgement;
}
