/**
 * Client fuzzing: the scripted server answers the client under test with a generated reply (a defined or
 * unassigned REP, a wrong VER or RSV, an undefined ATYP, a reply cut short or followed by extra octets, written
 * whole or one octet per segment). Oracles: the client does not crash, ends within its deadline, and after a
 * reply that does not grant the request sends nothing more and reports a failure.
 */
import fc from 'fast-check';
import type { ClientCaseDefinition, ClientRun } from '../../harness/model/client-case.js';
import { type Check, outcome, verify } from '../../harness/model/outcome.js';
import type { ServerScript } from '../../harness/reference/server-script.js';
import { domain, ipv4, ipv6 } from '../../harness/wire/address.js';
import { Method } from '../../harness/wire/constants.js';
import { encodeSocks4Reply } from '../../harness/wire/socks4.js';
import { checkReportsFailure } from '../client/client-checks.js';
import { describeRun, firstSession, inWindow } from '../client/client-observations.js';
import { BND_PORT, socks5Reply } from '../client/scripts.js';

export interface ClientFuzzInput {
  readonly socks5: {
    readonly rep: number;
    readonly version?: number;
    readonly reserved?: number;
    /** An undefined ATYP in place of the BND's own. */
    readonly atyp?: number;
    readonly bnd: 'ipv4' | 'ipv6' | 'domain';
    readonly cut?: number;
    readonly extraHex?: string;
  };
  readonly socks4: { readonly code: number; readonly version?: number; readonly cut?: number };
  readonly chunking: 'whole' | 'bytewise';
  readonly closeAfterReply?: boolean;
}

function sometimes<T>(arbitrary: fc.Arbitrary<T>, percent = 20): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 100 - percent, arbitrary: fc.constant(undefined) },
    { weight: percent, arbitrary },
  );
}

function dropAbsent<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

const byte = fc.integer({ min: 0, max: 255 });

export const clientFuzzInputs: fc.Arbitrary<ClientFuzzInput> = fc
  .record({
    socks5: fc
      .record({
        rep: fc.oneof({ withCrossShrink: true }, fc.constant(0), fc.integer({ min: 1, max: 8 }), byte),
        version: sometimes(fc.constantFrom(0x00, 0x04, 0x06, 0xff)),
        reserved: sometimes(byte, 10),
        atyp: sometimes(fc.constantFrom(0x00, 0x02, 0x05, 0xff)),
        bnd: fc.constantFrom('ipv4' as const, 'ipv6' as const, 'domain' as const),
        cut: sometimes(fc.nat({ max: 21 })),
        extraHex: sometimes(
          fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
        ),
      })
      .map(dropAbsent),
    socks4: fc
      .record({
        code: fc.oneof({ withCrossShrink: true }, fc.constant(90), fc.constantFrom(91, 92, 93), byte),
        version: sometimes(fc.constantFrom(0x04, 0x05, 0xff)),
        cut: sometimes(fc.nat({ max: 7 })),
      })
      .map(dropAbsent),
    chunking: fc.constantFrom('whole' as const, 'bytewise' as const),
    closeAfterReply: sometimes(fc.constant(true)),
  })
  .map(dropAbsent);

const bndOf = { ipv4: ipv4('127.0.0.1'), ipv6: ipv6('::1'), domain: domain('bnd.socks-conformance.invalid') };

function socks5Bytes(input: ClientFuzzInput['socks5']): { bytes: Buffer; grants: boolean } {
  const whole = Buffer.concat([
    socks5Reply(input.rep, bndOf[input.bnd], {
      ...(input.version !== undefined ? { version: input.version } : {}),
      ...(input.reserved !== undefined ? { reserved: input.reserved } : {}),
      ...(input.atyp !== undefined ? { atyp: input.atyp } : {}),
    }),
  ]);
  const cut = input.cut !== undefined && input.cut < whole.length ? whole.subarray(0, input.cut) : whole;
  const bytes = Buffer.concat([cut, Buffer.from(input.extraHex ?? '', 'hex')]);
  const grants =
    input.rep === 0 && (input.version ?? 5) === 5 && input.atyp === undefined && cut.length === whole.length;
  return { bytes, grants };
}

function socks4Bytes(input: ClientFuzzInput['socks4']): { bytes: Buffer; grants: boolean } {
  const whole = encodeSocks4Reply(input.code, '127.0.0.1', BND_PORT, input.version ?? 0);
  const bytes = input.cut !== undefined ? whole.subarray(0, input.cut) : whole;
  return { bytes, grants: input.code === 90 && bytes.length === 8 };
}

export function clientFuzzScript(input: ClientFuzzInput): ServerScript {
  const five = socks5Bytes(input.socks5);
  const four = socks4Bytes(input.socks4);
  const closeAfterReply = input.closeAfterReply === true;
  return {
    chunking: input.chunking,
    socks5: {
      methods: [Method.NO_AUTH, Method.USERNAME_PASSWORD],
      reply: five.bytes,
      grants: five.grants,
      closeAfterReply,
    },
    socks4: { reply: four.bytes, grants: four.grants, closeAfterReply },
  };
}

/** The clause the reply breaks (or, for a granting reply, the format it follows). */
function clauseOf(input: ClientFuzzInput, version: number | undefined): string {
  if (version === 4) return socks4Bytes(input.socks4).grants ? 'socks4/reply-format' : 'socks4/reply-cd';
  const { socks5 } = input;
  if (socks5.atyp !== undefined) return 'rfc1928/5-atyp-unknown';
  if ((socks5.version ?? 5) !== 5 || socks5.cut !== undefined) return 'rfc1928/6-reply-format';
  return socks5.rep === 0 ? 'rfc1928/6-reply-format' : 'rfc1928/6-rep-codes';
}

function firstVersion(run: ClientRun): number | undefined {
  const first = firstSession(run).find((e) => e.type === 'first-octet');
  return first?.type === 'first-octet' ? first.version : undefined;
}

function oracles(input: ClientFuzzInput, run: ClientRun): Check[] {
  const version = firstVersion(run);
  const clause = clauseOf(input, version);
  const grants = version === 4 ? socks4Bytes(input.socks4).grants : socks5Bytes(input.socks5).grants;
  const checks = [
    verify(clause, run, describeRun, [
      outcome('FAIL', 'the client crashed (killed by a signal it did not get from the harness)', (r) =>
        Boolean(r.exit.signal && !r.exit.timedOut),
      ),
      outcome('FAIL', 'the client did not end within its deadline', (r) => r.exit.timedOut),
      outcome('PASS', 'the client ended by itself', () => true),
    ]),
  ];
  // Only a reply the server actually sent in full can be judged for what the client did after it.
  const replied = firstSession(run).some((e) => e.type === 'sent' && e.what === 'reply');
  if (grants || !replied) return checks;
  checks.push(
    verify(clause, run, describeRun, [
      outcome(
        'FAIL',
        'took a reply that grants nothing for success and sent data',
        (r) => inWindow(firstSession(r), 'after-reply').data !== undefined,
      ),
      outcome('PASS', 'sent nothing after the reply', () => true),
    ]),
    checkReportsFailure(clause, run, 'a reply that grants nothing'),
  );
  return checks;
}

export function clientFuzzCase(input: ClientFuzzInput): ClientCaseDefinition {
  return {
    id: 'fuzz/client/case',
    clauses: ['rfc1928/6-reply-format'],
    level: 'FMT',
    versions: ['5', '4', '4a'],
    title: 'A generated reply',
    requirement:
      'The client does not crash, ends in bounded time, and does not proceed after a malformed or failure reply.',
    script: clientFuzzScript(input),
    verdict: (run) => oracles(input, run),
  };
}
