import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Address, domain, ipv4 } from '../../harness/wire/address.js';
import { Command, GssMessageType, Method, Reply, Socks4Code } from '../../harness/wire/constants.js';
import { type Segment, socksDissector } from '../../harness/wire/dissector.js';
import {
  describeAuthRequest,
  describeAuthResponse,
  encodeAuthRequest,
  encodeAuthResponse,
} from '../../harness/wire/rfc1929.js';
import { encodeGssAbort, encodeGssMessage } from '../../harness/wire/rfc1961.js';
import {
  describeSocks4Reply,
  describeSocks4Request,
  encodeSocks4Reply,
  encodeSocks4Request,
} from '../../harness/wire/socks4.js';
import {
  describeGreeting,
  describeMethodSelection,
  encodeGreeting,
  encodeMethodSelection,
} from '../../harness/wire/socks5-greeting.js';
import {
  describeReply,
  describeRequest,
  encodeReply,
  encodeRequest,
} from '../../harness/wire/socks5-request.js';
import { address, port, RUNS } from './support.js';

type Side = 'sent' | 'received';

interface Fed {
  readonly side: Side;
  readonly chunk: Uint8Array;
  readonly segments: Segment[];
}

const sum = (segments: readonly Segment[]) => segments.reduce((total, s) => total + s.length, 0);

/** Feeds chunks to a fresh dissector, checking that every chunk's segments cover it exactly. */
function feed(chunks: ReadonlyArray<readonly [Side, Uint8Array]>): Fed[] {
  const dissector = socksDissector();
  return chunks.map(([side, chunk]) => {
    const segments = dissector[side](chunk);
    expect(sum(segments)).toBe(chunk.length);
    for (const segment of segments) expect(segment.length).toBeGreaterThan(0);
    return { side, chunk, segments };
  });
}

const notes = (fed: Fed[]) => fed.map((f) => f.segments.map((s) => s.note));
const allNotes = (fed: Fed[]) => fed.flatMap((f) => f.segments.map((s) => s.note));

/** Every chunk split into single bytes, in order. */
function bytewise(chunks: ReadonlyArray<readonly [Side, Uint8Array]>): Array<[Side, Uint8Array]> {
  return chunks.flatMap(([side, chunk]) =>
    Array.from(chunk, (b): [Side, Uint8Array] => [side, Uint8Array.of(b)]),
  );
}

const text = (s: string) => Buffer.from(s, 'latin1');

const noAuthConnect: Array<[Side, Uint8Array]> = [
  ['sent', encodeGreeting([Method.NO_AUTH])],
  ['received', encodeMethodSelection(Method.NO_AUTH)],
  ['sent', encodeRequest(Command.CONNECT, ipv4('127.0.0.1'), 80)],
  ['received', encodeReply(Reply.SUCCEEDED, ipv4('10.0.0.1'), 1234)],
  ['sent', text('hello')],
  ['received', text('world!')],
];

const noAuthNotes = [
  ['VER=5 NMETHODS=1 [NO-AUTH]'],
  ['VER=5 METHOD=NO-AUTH'],
  ['VER=5 CMD=CONNECT RSV=0 ATYP=IPv4 127.0.0.1:80'],
  ['VER=5 REP=0 (succeeded) RSV=0 BND ATYP=IPv4 10.0.0.1:1234'],
  ['DATA 5 octets'],
  ['DATA 6 octets'],
];

describe('socksDissector on a SOCKS5 no-auth CONNECT', () => {
  it('names each message when fed whole messages', () => {
    expect(notes(feed(noAuthConnect))).toEqual(noAuthNotes);
  });

  it('shows partial messages byte by byte and names each on its last byte', () => {
    const fed = feed(bytewise(noAuthConnect));
    let at = 0;
    noAuthConnect.forEach(([, chunk], index) => {
      const bytes = fed.slice(at, at + chunk.length);
      at += chunk.length;
      const last = bytes.at(-1)!.segments;
      if (index < 4) {
        expect(last).toEqual([{ length: 1, note: noAuthNotes[index]![0] }]);
        for (const [i, early] of bytes.slice(0, -1).entries()) {
          expect(early.segments).toEqual([
            { length: 1, note: expect.stringMatching(`^\\(partial .*, ${i + 1} octets so far\\)$`) },
          ]);
        }
      } else {
        for (const one of bytes) expect(one.segments).toEqual([{ length: 1, note: 'DATA 1 octets' }]);
      }
    });
  });

  it('splits a greeting and request sent in one chunk, and a reply coalesced with data', () => {
    const [greeting, selection, request, reply] = noAuthConnect.map(([, chunk]) => chunk);
    const fed = feed([
      ['sent', Buffer.concat([greeting!, request!])],
      ['received', Buffer.concat([selection!, reply!, text('abc')])],
      ['sent', text('x')],
    ]);
    expect(fed.map((f) => f.segments)).toEqual([
      [
        { length: 3, note: 'VER=5 NMETHODS=1 [NO-AUTH]' },
        { length: 10, note: 'VER=5 CMD=CONNECT RSV=0 ATYP=IPv4 127.0.0.1:80' },
      ],
      [
        { length: 2, note: 'VER=5 METHOD=NO-AUTH' },
        { length: 10, note: 'VER=5 REP=0 (succeeded) RSV=0 BND ATYP=IPv4 10.0.0.1:1234' },
        { length: 3, note: 'DATA 3 octets' },
      ],
      [{ length: 1, note: 'DATA 1 octets' }],
    ]);
  });

  it('attributes bytes across a chunk boundary inside a message', () => {
    const request = encodeRequest(Command.CONNECT, domain('example.com'), 443);
    const fed = feed([
      ['sent', Buffer.concat([encodeGreeting([0]), request.subarray(0, 6)])],
      ['received', encodeMethodSelection(0)],
      ['sent', Buffer.concat([request.subarray(6), text('GET')])],
    ]);
    expect(fed[0]!.segments).toEqual([
      { length: 3, note: 'VER=5 NMETHODS=1 [NO-AUTH]' },
      { length: 6, note: '(partial request, 6 octets so far)' },
    ]);
    expect(fed[2]!.segments).toEqual([
      { length: request.length - 6, note: 'VER=5 CMD=CONNECT RSV=0 ATYP=DOMAIN len=11 "example.com":443' },
      { length: 3, note: 'DATA 3 octets' },
    ]);
  });
});

describe('socksDissector on other exchanges', () => {
  it('follows a username/password exchange and never shows the password', () => {
    const password = 'correct horse battery';
    const exchange: Array<[Side, Uint8Array]> = [
      ['sent', encodeGreeting([Method.NO_AUTH, Method.USERNAME_PASSWORD])],
      ['received', encodeMethodSelection(Method.USERNAME_PASSWORD)],
      ['sent', encodeAuthRequest('alice', password)],
      ['received', encodeAuthResponse(0)],
      ['sent', encodeRequest(Command.CONNECT, domain('example.org'), 443)],
      ['received', encodeReply(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0)],
      ['sent', text(password)],
    ];
    for (const chunks of [exchange, bytewise(exchange)]) {
      const all = allNotes(feed(chunks));
      expect(all).toContain('VER=5 NMETHODS=2 [NO-AUTH, USERNAME/PASSWORD]');
      expect(all).toContain('VER=5 METHOD=USERNAME/PASSWORD');
      expect(all).toContain(`VER=1 ULEN=5 UNAME="alice" PLEN=${password.length} PASSWD=<redacted>`);
      expect(all).toContain('VER=1 STATUS=0 (success)');
      expect(all).toContain('VER=5 CMD=CONNECT RSV=0 ATYP=DOMAIN len=11 "example.org":443');
      expect(all).toContain('VER=5 REP=0 (succeeded) RSV=0 BND ATYP=IPv4 0.0.0.0:0');
      expect(all.some((note) => note.startsWith('DATA'))).toBe(true);
      expect(all.some((note) => note.includes('horse'))).toBe(false);
    }
  });

  it('expects two replies to a BIND, then data', () => {
    const fed = feed([
      ['sent', encodeGreeting([0])],
      ['received', encodeMethodSelection(0)],
      ['sent', encodeRequest(Command.BIND, ipv4('192.0.2.7'), 0)],
      ['received', encodeReply(Reply.SUCCEEDED, ipv4('10.0.0.1'), 40000)],
      ['received', encodeReply(Reply.SUCCEEDED, ipv4('192.0.2.7'), 5555)],
      ['received', encodeReply(Reply.SUCCEEDED, ipv4('1.1.1.1'), 1)],
    ]);
    expect(notes(fed).slice(2)).toEqual([
      ['VER=5 CMD=BIND RSV=0 ATYP=IPv4 192.0.2.7:0'],
      ['VER=5 REP=0 (succeeded) RSV=0 BND ATYP=IPv4 10.0.0.1:40000'],
      ['VER=5 REP=0 (succeeded) RSV=0 BND ATYP=IPv4 192.0.2.7:5555'],
      ['DATA 10 octets'],
    ]);
  });

  it('expects no second reply after a failed BIND', () => {
    const fed = feed([
      ['sent', encodeGreeting([0])],
      ['received', encodeMethodSelection(0)],
      ['sent', encodeRequest(Command.BIND, ipv4('192.0.2.7'), 0)],
      ['received', Buffer.concat([encodeReply(Reply.NOT_ALLOWED, ipv4('0.0.0.0'), 0), text('zz')])],
    ]);
    expect(fed[3]!.segments.map((s) => s.note)).toEqual([
      'VER=5 REP=2 (not allowed by ruleset) RSV=0 BND ATYP=IPv4 0.0.0.0:0',
      'DATA 2 octets',
    ]);
  });

  it('follows SOCKS4 CONNECT, SOCKS4A and SOCKS4 BIND', () => {
    const connect = feed([
      ['sent', encodeSocks4Request(1, '127.0.0.1', 80)],
      ['received', encodeSocks4Reply(Socks4Code.GRANTED)],
      ['sent', text('ping')],
    ]);
    expect(notes(connect)).toEqual([
      ['VN=4 CD=1 DST=127.0.0.1:80 USERID=""'],
      ['VN=0 CD=90 (granted) 0.0.0.0:0'],
      ['DATA 4 octets'],
    ]);
    const socks4a = feed(
      bytewise([['sent', encodeSocks4Request(1, '0.0.0.1', 80, { userId: 'u', domain: 'a.io' })]]),
    );
    expect(socks4a.at(-1)!.segments).toEqual([
      { length: 1, note: 'VN=4 CD=1 DST="a.io" (4A, DSTIP 0.0.0.1):80 USERID="u"' },
    ]);
    const bind = feed([
      ['sent', encodeSocks4Request(2, '192.0.2.7', 0)],
      [
        'received',
        Buffer.concat([encodeSocks4Reply(90, '10.0.0.1', 4000), encodeSocks4Reply(90, '192.0.2.7', 5)]),
      ],
      ['received', text('data')],
    ]);
    expect(notes(bind).slice(1)).toEqual([
      ['VN=0 CD=90 (granted) 10.0.0.1:4000', 'VN=0 CD=90 (granted) 192.0.2.7:5'],
      ['DATA 4 octets'],
    ]);
  });

  it('keeps reading RFC 1961 framing after GSSAPI is selected, through several token rounds', () => {
    const fed = feed([
      ['sent', encodeGreeting([Method.GSSAPI])],
      ['received', encodeMethodSelection(Method.GSSAPI)],
      ['sent', encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(40))],
      ['received', encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(30))],
      ['sent', encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(20))],
      ['received', encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(0))],
      ['sent', encodeGssMessage(GssMessageType.PROTECTION, Uint8Array.of(1))],
      ['received', encodeGssMessage(GssMessageType.PROTECTION, Uint8Array.of(1))],
      ['sent', encodeGssMessage(GssMessageType.ENCAPSULATION, new Uint8Array(12))],
      ['received', encodeGssAbort()],
      ['received', text('after')],
    ]);
    expect(notes(fed).slice(2)).toEqual([
      ['VER=1 MTYP=authentication LEN=40'],
      ['VER=1 MTYP=authentication LEN=30'],
      ['VER=1 MTYP=authentication LEN=20'],
      ['VER=1 MTYP=authentication LEN=0'],
      ['VER=1 MTYP=protection-level LEN=1'],
      ['VER=1 MTYP=protection-level LEN=1'],
      ['VER=1 MTYP=encapsulated LEN=12'],
      ["VER=1 MTYP=X'FF' (abort)"],
      ['DATA 5 octets'],
    ]);
  });

  it('waits for a large GSSAPI token however it is chunked', () => {
    const message = encodeGssMessage(GssMessageType.AUTHENTICATION, new Uint8Array(65535).fill(9));
    const chunks = cut(
      message,
      Array.from({ length: 70 }, (_, i) => i * 1000),
    );
    const fed = feed([
      ['sent', encodeGreeting([Method.GSSAPI])],
      ['received', encodeMethodSelection(Method.GSSAPI)],
      ...chunks.map((chunk): [Side, Uint8Array] => ['sent', chunk]),
    ]);
    const last = fed.at(-1)!.segments;
    expect(last).toEqual([{ length: chunks.at(-1)!.length, note: 'VER=1 MTYP=authentication LEN=65535' }]);
    for (const f of fed.slice(2, -1)) expect(f.segments[0]!.note).toMatch(/^\(partial GSSAPI message/);
  });

  it('shows everything after NO ACCEPTABLE, a malformed message or a non-SOCKS first octet as data', () => {
    const refused = feed([
      ['sent', encodeGreeting([Method.GSSAPI])],
      ['received', Buffer.concat([encodeMethodSelection(Method.NO_ACCEPTABLE), text('x')])],
      ['sent', encodeRequest(Command.CONNECT, ipv4('1.2.3.4'), 1)],
    ]);
    expect(notes(refused).slice(1)).toEqual([
      ['VER=5 METHOD=NO-ACCEPTABLE', 'DATA 1 octets'],
      ['DATA 10 octets'],
    ]);
    const bad = feed([
      [
        'sent',
        Buffer.concat([encodeGreeting([0]), encodeRequest(Command.CONNECT, ipv4('1.2.3.4'), 1, { atyp: 7 })]),
      ],
      ['sent', text('more')],
    ]);
    expect(notes(bad)).toEqual([
      ['VER=5 NMETHODS=1 [NO-AUTH]', "malformed request: unknown ATYP X'07'"],
      ['DATA 4 octets'],
    ]);
    expect(notes(feed([['sent', text('GET / HTTP/1.1\r\n')]]))).toEqual([['DATA 16 octets']]);
  });

  it('gives up waiting once a message would exceed its bound, and shows the rest as data', () => {
    const fed = feed([
      ['sent', encodeSocks4Request(1, '1.2.3.4', 80, { userId: 'u'.repeat(1000), terminateUserId: false })],
      ['sent', new Uint8Array(100).fill(0x75)],
    ]);
    expect(fed[0]!.segments[0]!.note).toMatch(/^\(partial SOCKS4 request/);
    expect(fed[1]!.segments).toEqual([
      { length: 100, note: 'malformed SOCKS4 request: USERID not terminated within 1024 octets' },
    ]);
  });
});

/** A chunk of a side's stream: which message it ends, if any, is what the notes must line up with. */
interface Message {
  readonly bytes: Uint8Array;
  readonly note: string;
}
type Turn = readonly [Side, readonly Message[]];

const msg = (bytes: Uint8Array, note: string): Message => ({ bytes, note });

function socks5Turns(
  method: number,
  command: number,
  target: Address,
  targetPort: number,
  pipelined: boolean,
): Turn[] {
  const greeting = msg(encodeGreeting([method]), describeGreeting({ version: 5, methods: [method] }));
  const selection = msg(encodeMethodSelection(method), describeMethodSelection({ version: 5, method }));
  const request = msg(
    encodeRequest(command, target, targetPort),
    describeRequest({ version: 5, command, reserved: 0, address: target, port: targetPort }),
  );
  const reply = (bound: Address, boundPort: number) =>
    msg(
      encodeReply(0, bound, boundPort),
      describeReply({ version: 5, reply: 0, reserved: 0, address: bound, port: boundPort }),
    );
  const replies =
    command === Command.BIND ? [reply(target, 1), reply(ipv4('192.0.2.9'), 2)] : [reply(target, targetPort)];
  if (method === Method.USERNAME_PASSWORD) {
    return [
      ['sent', [greeting]],
      ['received', [selection]],
      [
        'sent',
        [
          msg(
            encodeAuthRequest('user', 'pw'),
            describeAuthRequest({ version: 1, username: 'user', password: 'pw' }),
          ),
        ],
      ],
      ['received', [msg(encodeAuthResponse(0), describeAuthResponse({ version: 1, status: 0 }))]],
      ['sent', [request]],
      ['received', replies],
    ];
  }
  if (pipelined)
    return [
      ['sent', [greeting, request]],
      ['received', [selection, ...replies]],
    ];
  return [
    ['sent', [greeting]],
    ['received', [selection]],
    ['sent', [request]],
    ['received', replies],
  ];
}

function socks4Turns(command: number, targetPort: number, name: string | undefined): Turn[] {
  const ip = name === undefined ? '198.51.100.1' : '0.0.0.1';
  const request = {
    version: 4,
    command,
    port: targetPort,
    ip,
    userId: 'id',
    ...(name === undefined ? {} : { domain: name }),
  };
  const replies = (command === 2 ? [1, 2] : [1]).map((n) =>
    msg(
      encodeSocks4Reply(90, `10.0.0.${n}`, n),
      describeSocks4Reply({ version: 0, code: 90, port: n, ip: `10.0.0.${n}` }),
    ),
  );
  return [
    [
      'sent',
      [
        msg(
          encodeSocks4Request(command, ip, targetPort, { userId: 'id', domain: name }),
          describeSocks4Request(request),
        ),
      ],
    ],
    ['received', replies],
  ];
}

const exchange: fc.Arbitrary<Turn[]> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom<number>(Method.NO_AUTH, Method.USERNAME_PASSWORD),
      fc.constantFrom<number>(Command.CONNECT, Command.BIND, Command.UDP_ASSOCIATE),
      address,
      port,
      fc.boolean(),
    )
    .map(([method, command, target, targetPort, pipelined]) =>
      socks5Turns(method, command, target, targetPort, pipelined),
    ),
  fc
    .tuple(fc.constantFrom(1, 2), port, fc.option(fc.stringMatching(/^[a-z.]{1,40}$/), { nil: undefined }))
    .map(([command, targetPort, name]) => socks4Turns(command, targetPort, name)),
);

/** Cuts `bytes` at the given points (taken modulo its length) into chunks, none empty. */
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % bytes.length))].filter((p) => p > 0).sort((a, b) => a - b);
  return [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));
}

describe('socksDissector properties', () => {
  it('names every message at the octet where it ends, however its side is chunked', () => {
    fc.assert(
      fc.property(
        exchange,
        fc.array(fc.array(fc.nat(), { maxLength: 30 }), { minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 1, maxLength: 50 }),
        (turns, cuts, tail) => {
          const withData: Turn[] = [
            ...turns,
            ['sent', [msg(tail, 'DATA')]],
            ['received', [msg(tail, 'DATA')]],
          ];
          const chunks = withData.flatMap(([side, messages], i) =>
            cut(Buffer.concat(messages.map((m) => m.bytes)), cuts[i]!).map((c): [Side, Uint8Array] => [
              side,
              c,
            ]),
          );
          const fed = feed(chunks);
          for (const side of ['sent', 'received'] as const) {
            const expected: Array<[number, string]> = [];
            let end = 0;
            for (const [turnSide, messages] of withData) {
              if (turnSide !== side) continue;
              for (const m of messages) {
                end += m.bytes.length;
                if (m.note !== 'DATA') expected.push([end, m.note]);
              }
            }
            const seen: Array<[number, string]> = [];
            let dataOctets = 0;
            let offset = 0;
            for (const f of fed.filter((x) => x.side === side)) {
              for (const s of f.segments) {
                offset += s.length;
                if (s.note.startsWith('DATA')) {
                  expect(s.note).toBe(`DATA ${s.length} octets`);
                  dataOctets += s.length;
                } else if (!s.note.startsWith('(partial ')) seen.push([offset, s.note]);
              }
            }
            expect(seen).toEqual(expected);
            expect(dataOctets).toBe(tail.length);
          }
        },
      ),
      RUNS,
    );
  });

  it('covers every chunk exactly and never throws, for arbitrary bytes in arbitrary chunks', () => {
    const chunk = fc.tuple(fc.constantFrom<Side>('sent', 'received'), fc.uint8Array({ maxLength: 80 }));
    const start = fc.tuple(fc.constantFrom(4, 5, 0x47), fc.uint8Array({ maxLength: 20 }));
    fc.assert(
      fc.property(start, fc.array(chunk, { maxLength: 40 }), ([first, rest], chunks) => {
        feed([['sent', Uint8Array.from([first, ...rest])], ...chunks]);
      }),
      RUNS,
    );
  });
});
