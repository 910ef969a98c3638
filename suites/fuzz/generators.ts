/**
 * Grammar-aware generators: a SOCKS5 conversation (greeting, RFC 1929 credentials, request, data) or a SOCKS4/4A
 * request, built from the wire codecs' fields and their override options (VER, NMETHODS, ATYP, a domain length
 * that lies, RSV), then mutated (truncation, extra octets) and delivered with random segmentation and bounded
 * delays; or two or three SOCKS5 connections at once, whose messages are cut into writes that interleave.
 * Every mutation shrinks towards "absent", so a finding shrinks towards the plain message that shows it.
 * Literal destinations are loopback only and names are `localhost` or under `.invalid`; what a server could
 * read after a mutation is checked again before sending (loopback-guard.ts).
 */
import fc from 'fast-check';
import type { Destination, FuzzConversation, FuzzInput, FuzzMessage, FuzzVersion, Message } from './input.js';

const MAX_DELAY_MS = 20;

/** Absent most of the time; shrinks to absent. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, percent = 10): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 100 - percent, arbitrary: fc.constant(undefined) },
    { weight: percent, arbitrary },
  );
}

const byte = fc.integer({ min: 0, max: 255 });
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const hexBytes = (minLength: number, maxLength: number) => fc.uint8Array({ minLength, maxLength }).map(hexOf);

const INVALID_SUFFIX = Buffer.from('.invalid').toString('hex');

/** Names of every length and octet, kept unresolvable (`.invalid`) except the empty name and `localhost`. */
const domainHex = fc.oneof(
  { withCrossShrink: true },
  {
    weight: 3,
    arbitrary: fc
      .uint8Array({ min: 1, max: 255, maxLength: 247 })
      .map((b) => (b.length === 0 ? '' : `${hexOf(b)}${INVALID_SUFFIX}`)),
  },
  { weight: 1, arbitrary: fc.constant(Buffer.from('localhost').toString('hex')) },
  // A NUL inside: a server reading a C string sees the empty name before it, which needs no resolver either.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => `00${hexOf(b)}${INVALID_SUFFIX}`) },
);

const port = fc.oneof(
  { withCrossShrink: true },
  fc.constantFrom(0, 1, 65535),
  fc.integer({ min: 0, max: 65535 }),
);

const destination: fc.Arbitrary<Destination> = fc.oneof(
  { withCrossShrink: true },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('domain' as const), hex: domainHex, port }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'echo' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'refused' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('ipv4' as const),
      host: fc.constantFrom('127.0.0.1', '127.1.2.3', '0.0.0.0'),
      port,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ipv6' as const), host: fc.constant('::1'), port }) },
);

/** How each message is mutated and delivered. */
const delivery = fc.record({
  cut: sometimes(fc.nat({ max: 64 }), 8),
  extraHex: sometimes(hexBytes(1, 16), 8),
  splitSeed: sometimes(fc.nat(), 25),
  delayMs: sometimes(fc.integer({ min: 1, max: MAX_DELAY_MS }), 5),
  pipelined: sometimes(fc.constant(true), 20),
});

/**
 * How a message of interleaved connections is delivered: always cut into writes (so that the pieces of the
 * connections alternate), sometimes cut short or pipelined.
 */
const interleavedDelivery = fc.record({
  splitSeed: fc.nat(),
  cut: sometimes(fc.nat({ max: 64 }), 5),
  pipelined: sometimes(fc.constant(true), 10),
});

function withDelivery(
  message: fc.Arbitrary<Message>,
  how: fc.Arbitrary<Record<string, unknown>> = delivery,
): fc.Arbitrary<FuzzMessage> {
  return fc.tuple(message, how).map(([m, d]) => {
    const out: Record<string, unknown> = { ...m };
    for (const [key, value] of Object.entries(d)) if (value !== undefined) out[key] = value;
    return out as unknown as FuzzMessage;
  });
}

function dropAbsent<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

const methods = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: fc.constant([0x00]) },
  { weight: 2, arbitrary: fc.constant([0x00, 0x02]) },
  { weight: 1, arbitrary: fc.constant([0x02]) },
  { weight: 2, arbitrary: fc.array(byte, { maxLength: 10 }) },
  { weight: 1, arbitrary: fc.array(byte, { maxLength: 255 }) },
);

const greeting: fc.Arbitrary<Message> = fc
  .record({
    type: fc.constant('greeting' as const),
    methods,
    version: sometimes(fc.constantFrom(0x00, 0x01, 0x06, 0xff, 0x04)),
    nmethods: sometimes(byte),
  })
  .map(dropAbsent);

const auth: fc.Arbitrary<Message> = fc
  .record({
    type: fc.constant('auth' as const),
    credentials: fc.oneof(
      { withCrossShrink: true },
      fc.constant('valid' as const),
      fc.record({ username: hexBytes(0, 255), password: hexBytes(0, 255) }),
    ),
    version: sometimes(fc.constantFrom(0x00, 0x02, 0x05, 0xff)),
    usernameLength: sometimes(byte),
    passwordLength: sometimes(byte),
  })
  .map(dropAbsent);

const socks5Command = fc.oneof(
  { withCrossShrink: true },
  { weight: 8, arbitrary: fc.constant(0x01) },
  { weight: 1, arbitrary: fc.constantFrom(0x02, 0x03) },
  { weight: 1, arbitrary: byte },
);

const request: fc.Arbitrary<Message> = fc
  .record({
    type: fc.constant('request' as const),
    command: socks5Command,
    destination,
    version: sometimes(byte, 5),
    reserved: sometimes(byte, 5),
    // Only undefined ATYP values: a defined one would make the target read other octets as an address.
    atyp: sometimes(fc.constantFrom(0x00, 0x02, 0x05, 0x06, 0xff), 5),
    domainLength: sometimes(byte, 5),
  })
  .map(dropAbsent);

const data: fc.Arbitrary<Message> = fc.record({ type: fc.constant('data' as const), hex: hexBytes(1, 64) });

function present<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((m): m is T => m !== undefined);
}

const socks5Input: fc.Arbitrary<FuzzInput> = fc
  .tuple(
    withDelivery(greeting),
    fc.option(withDelivery(auth), { freq: 2 }),
    fc.option(withDelivery(request), { freq: 8 }),
    fc.option(withDelivery(data), { freq: 3 }),
  )
  .map(([g, a, r, d]) => ({
    version: '5' as const,
    messages: present([g, a ?? undefined, r ?? undefined, d ?? undefined]),
  }));

/**
 * The methods every connection of an interleaved input offers: the same offer takes them through the same
 * phases, where state shared between connections shows (USERNAME/PASSWORD alone leads to RFC 1929).
 */
const sharedOffer = fc.oneof(
  { withCrossShrink: true },
  { weight: 2, arbitrary: fc.constant([0x00]) },
  { weight: 2, arbitrary: fc.constant([0x02]) },
  { weight: 1, arbitrary: fc.constant([0x00, 0x02]) },
);

/** One connection of an interleaved input: the shared offer, then credentials and a request of its own. */
function interleavedConversation(offer: readonly number[]): fc.Arbitrary<FuzzConversation> {
  return fc
    .tuple(
      withDelivery(fc.constant({ type: 'greeting' as const, methods: offer }), interleavedDelivery),
      fc.option(withDelivery(auth, interleavedDelivery), { freq: offer.includes(0x02) ? 8 : 2 }),
      fc.option(withDelivery(request, interleavedDelivery), { freq: 4 }),
    )
    .map(([g, a, r]) => ({ version: '5' as const, messages: present([g, a ?? undefined, r ?? undefined]) }));
}

/** Two or three SOCKS5 connections at once, with the same offer, their writes interleaved. */
const interleavedInput: fc.Arbitrary<FuzzInput> = sharedOffer.chain((offer) =>
  fc
    .tuple(
      interleavedConversation(offer),
      fc.array(interleavedConversation(offer), { minLength: 1, maxLength: 2 }),
    )
    .map(([own, alongside]) => ({ ...own, alongside })),
);

function socks4Input(version: '4' | '4a'): fc.Arbitrary<FuzzInput> {
  const socks4: fc.Arbitrary<Message> = fc
    .record({
      type: fc.constant('socks4' as const),
      command: fc.oneof(
        { withCrossShrink: true },
        { weight: 8, arbitrary: fc.constant(0x01) },
        { weight: 1, arbitrary: fc.constant(0x02) },
        { weight: 1, arbitrary: byte },
      ),
      destination:
        version === '4a'
          ? destination.filter((d) => d.kind !== 'ipv6')
          : destination.filter((d) => d.kind !== 'ipv6' && d.kind !== 'domain'),
      userIdHex: fc.oneof({ withCrossShrink: true }, fc.constant(''), hexBytes(1, 300)),
      socks4a: fc.constant(version === '4a'),
      terminateUserId: sometimes(fc.constant(false), 5),
      terminateDomain: sometimes(fc.constant(false), 5),
    })
    .map(dropAbsent);
  return fc
    .tuple(withDelivery(socks4), fc.option(withDelivery(data), { freq: 3 }))
    .map(([s, d]) => ({ version, messages: present([s, d ?? undefined]) }));
}

/** Inputs for the given SOCKS versions (all three when none is named). */
export function fuzzInputs(versions: readonly FuzzVersion[] = ['5', '4', '4a']): fc.Arbitrary<FuzzInput> {
  const byVersion: Record<FuzzVersion, fc.Arbitrary<FuzzInput>> = {
    '5': fc.oneof(
      { withCrossShrink: true },
      { weight: 4, arbitrary: socks5Input },
      { weight: 1, arbitrary: interleavedInput },
    ),
    '4': socks4Input('4'),
    '4a': socks4Input('4a'),
  };
  const chosen = versions.map((v) => ({ weight: v === '5' ? 4 : 1, arbitrary: byVersion[v] }));
  return fc.oneof(...chosen);
}
