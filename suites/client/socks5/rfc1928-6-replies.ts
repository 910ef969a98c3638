import type { ClientRun } from '../../../harness/model/client-case.js';
import { outcome, verify } from '../../../harness/model/outcome.js';
import { domain, ipv4, ipv6 } from '../../../harness/wire/address.js';
import { Reply } from '../../../harness/wire/constants.js';
import { encodeReply } from '../../../harness/wire/socks5-request.js';
import { defineSuiteClientCases, type SuiteClientCase } from '../../define-client-cases.js';
import {
  checkReplyNotInOutput,
  checkReportsFailure,
  checkStopsAndCloses,
  checkUsedConnection,
  checkWaitsForWholeReply,
  unseenInInteractive,
} from '../client-checks.js';
import { describeRun, exitedNonZero, exitedZero, firstSession, inWindow } from '../client-observations.js';
import { socks5, socks5Reply } from '../scripts.js';

const BYTEWISE_REPLY = socks5Reply(Reply.SUCCEEDED);
const FORMAT = 'rfc1928/6-reply-format';
const FIRST_DATA_REPLY = socks5Reply(Reply.SUCCEEDED);

/** `clause` judges the reading of the reply; `about` names a clause the BND bears on that cannot fail a client. */
function bndCase(id: string, clause: string, what: string, reply: Buffer, about?: string): SuiteClientCase {
  return {
    id,
    clauses: clause === FORMAT ? [FORMAT, ...(about ? [about] : [])] : [clause, FORMAT],
    versions: ['5'],
    title: `The client reads a success reply whose BND is ${what}`,
    requirement:
      `A reply carries BND.ADDR in any address type; the client reads the whole reply (here ${what}) and then ` +
      "the destination's data, without taking reply octets for data or data for the reply.",
    script: socks5({ reply }),
    verdict: (run) => [
      checkReplyNotInOutput('rfc1928/6-reply-format', run, reply),
      checkUsedConnection(clause, run, `the connection after a reply with ${what}`),
    ],
  };
}

function failureCase(id: string, rep: number, name: string): SuiteClientCase {
  return {
    id,
    clauses: ['rfc1928/6-rep-codes'],
    versions: ['5'],
    title: `REP ${rep.toString(16).padStart(2, '0')} (${name}) is a failure: no data, a close, a failure reported`,
    requirement:
      "Only REP X'00' means success: on any other REP the client sends no application data, the connection " +
      'ends, and the failure is reported.',
    script: socks5({ reply: socks5Reply(rep) }),
    verdict: (run) => [
      checkStopsAndCloses('rfc1928/6-rep-codes', run, 'after-reply', `REP ${rep}`),
      checkReportsFailure('rfc1928/6-rep-codes', run, `REP ${rep}`),
    ],
  };
}

function rejectedReplyCase(
  id: string,
  clause: string,
  what: string,
  reply: Buffer,
  closeAfterReply = false,
): SuiteClientCase {
  return {
    id,
    clauses: [clause],
    versions: ['5'],
    title: `A reply that is ${what} is not taken for success`,
    requirement:
      `A reply ${what} does not grant the request: the client must not pass application data as if it had, and ` +
      'reports a failure.',
    script: socks5({ reply, grants: false, closeAfterReply }),
    verdict: (run) => [
      verify(clause, run, describeRun, [
        outcome(
          'FAIL',
          `took the reply ${what} for success and sent data`,
          (r) => inWindow(firstSession(r), 'after-reply').data !== undefined,
        ),
        outcome(
          'PASS',
          'sent nothing after the reply and closed',
          (r) => inWindow(firstSession(r), 'after-reply').close !== undefined,
        ),
        outcome('FAIL', 'kept the connection open', () => true),
      ]),
      checkReportsFailure(clause, run, `a reply ${what}`),
    ],
  };
}

export default defineSuiteClientCases(
  'RFC 1928 §6 replies (client)',
  'suites/client/socks5/rfc1928-6-replies.ts',
  [
    bndCase(
      'client/socks5/reply/bnd-ipv4',
      'rfc1928/5-atyp-v4',
      'an IPv4 address (ATYP 01)',
      socks5Reply(0, ipv4('127.0.0.1')),
    ),
    bndCase(
      'client/socks5/reply/bnd-domain',
      'rfc1928/5-atyp-domain',
      'a domain name (ATYP 03)',
      socks5Reply(0, domain('bnd.socks-conformance.invalid')),
    ),
    bndCase(
      'client/socks5/reply/bnd-ipv6',
      'rfc1928/5-atyp-v6',
      'an IPv6 address (ATYP 04)',
      socks5Reply(0, ipv6('::1')),
    ),
    bndCase(
      'client/socks5/reply/bnd-zero',
      // Reading the whole reply is the format's; what BND means (6-connect-bnd) is only INFO.
      FORMAT,
      'all zeros (0.0.0.0, port 0)',
      encodeReply(Reply.SUCCEEDED, ipv4('0.0.0.0'), 0),
      'rfc1928/6-connect-bnd',
    ),
    {
      id: 'client/socks5/reply/bytewise',
      clauses: ['rfc1928/6-reply-format', 'rfc1928/3-select-offered'],
      versions: ['5'],
      title: 'The client reads a method selection and a reply that arrive one octet per segment',
      requirement:
        'TCP is a byte stream: a client reads each message to its full length however the octets are cut, here one ' +
        'octet per segment, and sends its data only once the whole reply has arrived. The server holds the last ' +
        'reply octet back 100 ms (and the reply itself 100 ms, so that data sent before any reply is not counted).',
      script: socks5({ reply: BYTEWISE_REPLY, replyDelayMs: 100 }, 'bytewise'),
      verdict: (run) => [
        checkWaitsForWholeReply('rfc1928/6-reply-format', run),
        checkReplyNotInOutput('rfc1928/6-reply-format', run, BYTEWISE_REPLY),
        checkUsedConnection('rfc1928/6-reply-format', run, 'a connection granted octet by octet'),
      ],
    },
    {
      id: 'client/socks5/reply/with-first-data',
      clauses: ['rfc1928/6-reply-format'],
      versions: ['5'],
      title: "The client keeps the destination's first octets that arrive in the reply's segment",
      requirement:
        "The reply ends after BND.PORT; what follows is the destination's data, even in the same segment, as when " +
        'the destination speaks first (an SMTP or SSH banner) and the proxy sends its banner with the reply. The ' +
        'client reads the reply to its length and keeps the rest as data. Here the destination answers unasked ' +
        'and closes; the server sends the reply and that answer in one write.',
      script: socks5({ reply: FIRST_DATA_REPLY, firstDataWithReply: true }),
      verdict: (run) => [
        checkReplyNotInOutput('rfc1928/6-reply-format', run, FIRST_DATA_REPLY),
        checkUsedConnection(
          'rfc1928/6-reply-format',
          run,
          "the destination's octets that came in the reply's segment",
        ),
      ],
    },
    failureCase('client/socks5/reply/rep-05-refused', Reply.CONNECTION_REFUSED, 'connection refused'),
    failureCase('client/socks5/reply/rep-01-general', Reply.GENERAL_FAILURE, 'general failure'),
    rejectedReplyCase(
      'client/socks5/reply/wrong-version',
      'rfc1928/6-reply-format',
      "with VER X'04'",
      socks5Reply(0, ipv4('127.0.0.1'), { version: 0x04 }),
    ),
    rejectedReplyCase(
      'client/socks5/reply/truncated-then-close',
      'rfc1928/6-reply-format',
      'cut short (6 of 10 octets) and then closed',
      socks5Reply(0).subarray(0, 6),
      true,
    ),
    rejectedReplyCase(
      'client/socks5/reply/unknown-atyp',
      'rfc1928/5-atyp-unknown',
      "with an undefined ATYP X'05'",
      socks5Reply(0, ipv4('127.0.0.1'), { atyp: 0x05 }),
    ),
    {
      id: 'client/socks5/reply/rsv-nonzero',
      clauses: ['rfc1928/6-rsv'],
      versions: ['5'],
      title: "A success reply with RSV X'01': accepted or refused, either is recorded",
      requirement:
        "RSV must be X'00' in a reply; what a client does with another value is left open (Chromium refuses it, " +
        'most clients ignore it). Either way the client must end up in a consistent state.',
      script: socks5({ reply: socks5Reply(0, ipv4('127.0.0.1'), { reserved: 0x01 }) }),
      verdict: (run) => {
        if (run.interactive) return unseenInInteractive('rfc1928/6-rsv');
        const used = (r: ClientRun) => r.tokenReceived && exitedZero(r);
        const refused = (r: ClientRun) => !r.tokenReceived && exitedNonZero(r);
        return [
          verify('rfc1928/6-rsv', run, describeRun, [
            outcome('INFO', 'ignored RSV and used the connection', used),
            outcome('INFO', 'refused the reply and reported a failure', refused),
            outcome('SKIP', 'took neither path (judged by the next check)', () => true),
          ]),
          verify('rfc1928/6-rsv', run, describeRun, [
            outcome(
              'PASS',
              'ended in a consistent state: used the connection, or reported a failure',
              (r) => used(r) || refused(r),
            ),
            outcome('FAIL', 'neither used the connection nor reported a failure', () => true),
          ]),
        ];
      },
    },
  ],
);
