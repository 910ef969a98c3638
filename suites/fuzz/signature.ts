/**
 * What makes two server fuzz findings the same: the oracle, the clause and the shape of the input. The shape is
 * the sequence of message kinds on each connection, each with the fields the generator set outside the values
 * the RFC defines and the mutations that changed its octets (`greeting request[CMD]`, `c1: greeting auth[cut] |
 * c2: greeting auth`); never the octets themselves, the destination, or how the octets were segmented, delayed
 * or pipelined. The oracle is what went wrong with its numbers left out (`REP N for the undefined command
 * X'…'`), or `target lost`.
 */
import type { FuzzConversation, FuzzInput, FuzzMessage } from './input.js';

function fieldsOutOfRange(message: FuzzMessage): string[] {
  switch (message.type) {
    case 'greeting':
      return [
        message.version !== undefined && message.version !== 5 ? 'VER' : '',
        message.methods.length === 0 ||
        (message.nmethods !== undefined && message.nmethods !== message.methods.length)
          ? 'NMETHODS'
          : '',
      ];
    case 'auth': {
      const given = message.credentials === 'valid' ? undefined : message.credentials;
      return [
        message.version !== undefined && message.version !== 1 ? 'VER' : '',
        given?.username === '' || message.usernameLength !== undefined ? 'ULEN' : '',
        given?.password === '' || message.passwordLength !== undefined ? 'PLEN' : '',
        given ? 'credentials' : '',
      ];
    }
    case 'request':
      return [
        message.version !== undefined && message.version !== 5 ? 'VER' : '',
        message.command < 1 || message.command > 3 ? 'CMD' : '',
        message.reserved !== undefined && message.reserved !== 0 ? 'RSV' : '',
        message.atyp !== undefined ? 'ATYP' : '',
        message.domainLength !== undefined ? 'DLEN' : '',
      ];
    case 'socks4':
      return [
        message.version !== undefined && message.version !== 4 ? 'VN' : '',
        message.command < 1 || message.command > 2 ? 'CD' : '',
        message.terminateUserId === false ? 'USERID' : '',
        message.terminateDomain === false ? 'DOMAIN' : '',
      ];
    case 'data':
      return [];
  }
}

function messageShape(message: FuzzMessage): string {
  const kind = message.type === 'socks4' && message.socks4a ? 'socks4a' : message.type;
  const marks = [
    ...fieldsOutOfRange(message),
    message.cut !== undefined ? 'cut' : '',
    message.extraHex !== undefined ? 'extra' : '',
  ].filter((mark) => mark !== '');
  return marks.length > 0 ? `${kind}[${marks.join(',')}]` : kind;
}

const conversationShape = (c: FuzzConversation) => c.messages.map(messageShape).join(' ') || 'nothing';

/** The shape of an input: see the header. */
export function inputShape(input: FuzzInput): string {
  const shapes = [input, ...(input.alongside ?? [])].map(conversationShape);
  return shapes.length === 1 ? shapes[0]! : shapes.map((shape, i) => `c${i + 1}: ${shape}`).join(' | ');
}

/** What went wrong, its numbers left out: `c2: closed 10012 ms after …` and `closed 10480 ms after …` agree. */
export function oracleOf(kind: 'violation' | 'target-lost', what: string): string {
  if (kind === 'target-lost') return 'target lost';
  return what
    .replace(/^c[0-9]+: /, '')
    .replace(/X'[0-9A-F]*'/gi, "X'…'")
    .replace(/[0-9]+/g, 'N');
}

/** A finding's signature: `KIND CLAUSE · ORACLE · SHAPE`. */
export function fuzzSignature(finding: {
  readonly kind: 'violation' | 'target-lost';
  readonly clause: string;
  readonly what: string;
  readonly input: FuzzInput;
}): string {
  return `${finding.kind} ${finding.clause} · ${oracleOf(finding.kind, finding.what)} · ${inputShape(finding.input)}`;
}
