import type { ClientRun } from '../../../harness/model/client-case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import { Socks4Code } from '../../../harness/wire/constants.js';
import { encodeSocks4Reply, isSocks4aSignal } from '../../../harness/wire/socks4.js';
import { defineSuiteClientCases } from '../../define-client-cases.js';
import {
  checkReplyNotInOutput,
  checkReportsFailure,
  checkStopsAndCloses,
  checkUsedConnection,
  checkWaitsForWholeReply,
  silentRefusal,
  unjudgedRefusal,
} from '../client-checks.js';
import { describeRun, find, firstSession } from '../client-observations.js';
import { BND_PORT, socks4 } from '../scripts.js';

const GRANTED_REPLY = encodeSocks4Reply(Socks4Code.GRANTED, '127.0.0.1', BND_PORT);
const UNRELATED_REPLY = encodeSocks4Reply(Socks4Code.GRANTED, '127.0.0.9', 9);

/**
 * A client asked for a name that sent nothing (it never connected, or closed at once): plain SOCKS4 carries no
 * name, so refusing is the user's choice of scheme (INFO) if the failure is reported; SOCKS4A exists to carry
 * it (WARN: the client should send it). Nothing on the wire says which version it speaks: without
 * `--socks-version` the case is SKIP.
 */
function refusedName(run: ClientRun): Check | Check[] {
  const clause = 'socks4a/signal';
  const unjudged = unjudgedRefusal(run, clause, ['4', '4a'], '--socks-version 4 or 4a');
  if (unjudged) return unjudged;
  const what = silentRefusal(run);
  return [
    verify(clause, run, describeRun, [
      outcome(
        'INFO',
        `refused the name, which plain SOCKS4 cannot carry (the user's choice of scheme): ${what}`,
        (r) => r.socksVersion === '4',
      ),
      outcome('PASS', 'SOCKS4A: sent the name after DSTIP 0.0.0.x', () => false),
      outcome('WARN', `SOCKS4A: refused the name instead of sending it: ${what}`, () => true),
    ]),
    checkReportsFailure(clause, run, 'refusing the name'),
  ];
}

export default defineSuiteClientCases('SOCKS4 and SOCKS4A (client)', 'suites/client/socks4/socks4.ts', [
  {
    id: 'client/socks4/request/format',
    clauses: ['socks4/req-format', 'socks4/vn', 'socks4/cd'],
    versions: ['4', '4a'],
    title: 'The CONNECT request is VN 4, CD 1, DSTPORT in network order, DSTIP, USERID and a NUL',
    requirement:
      'A SOCKS4 request is VN 4, CD 1 for CONNECT, DSTPORT (2 octets, network order), DSTIP (4 octets), the USERID ' +
      'and a terminating NUL (SOCKS4A: then the name and another NUL); after CD 90 the client passes its data.',
    script: socks4(),
    verdict: (run) => {
      const events = firstSession(run);
      const request = find(events, 'socks4-request')?.value;
      const port = Number(run.placeholders.port);
      return [
        verify('socks4/req-format', run, describeRun, [
          outcome(
            'FAIL',
            'no whole request arrived (USERID not NUL-terminated?)',
            () => request === undefined,
          ),
          outcome('FAIL', `DSTPORT is not ${port} in network order`, () => request?.port !== port),
          outcome('PASS', 'DSTIP 127.0.0.1 and the USERID with its NUL', () => request?.ip === '127.0.0.1'),
          outcome(
            'PASS',
            'SOCKS4A: DSTIP 0.0.0.x and the destination as a name',
            () =>
              request !== undefined &&
              isSocks4aSignal(request.ip) &&
              request.domain === run.placeholders.host,
          ),
          outcome('FAIL', `DSTIP does not name ${run.placeholders.host}`, () => true),
        ]),
        verify('socks4/vn', run, describeRun, [
          outcome('PASS', 'VN 4', () => request?.version === 4),
          outcome('WARN', 'VN is not 4', () => request !== undefined),
          outcome('SKIP', 'no request', () => true),
        ]),
        verify('socks4/cd', run, describeRun, [
          outcome('PASS', 'CD 1 (CONNECT)', () => request?.command === 1),
          outcome('FAIL', 'CD is not 1 for a plain fetch', () => request !== undefined),
          outcome('SKIP', 'no request', () => true),
        ]),
        checkUsedConnection('socks4/req-format', run),
      ];
    },
  },
  {
    id: 'client/socks4/request/name-destination',
    clauses: ['socks4a/domain', 'socks4a/signal', 'socks4/req-format'],
    versions: ['4', '4a'],
    title: 'SOCKS4A: DSTIP 0.0.0.x (x not 0), then the name after the USERID NUL, ended by a NUL',
    requirement:
      'A SOCKS4A client that leaves the name to the server sets DSTIP to 0.0.0.x with x not 0 and sends the name ' +
      "after the USERID's NUL, terminated by another NUL. A plain SOCKS4 client resolves the name itself, or " +
      "refuses it and reports the failure: the user's choice of scheme (recorded, not scored).",
    destination: 'name',
    script: socks4(),
    unconnected: (run) => refusedName(run),
    verdict: (run) => {
      if (!find(firstSession(run), 'first-octet')) return refusedName(run);
      const request = find(firstSession(run), 'socks4-request')?.value;
      if (!request)
        return skipped('socks4a/domain', 'ERROR', `no whole request arrived: ${describeRun(run)}`);
      const named = isSocks4aSignal(request.ip) || request.ip === '0.0.0.0' || request.ip === '127.0.0.1';
      return [
        named
          ? verify('socks4a/signal', run, describeRun, [
              outcome('PASS', 'DSTIP 0.0.0.x with x not 0', () => isSocks4aSignal(request.ip)),
              // SOCKS4A: the client "should" set 0.0.0.x, a lower-case should: a WARN at most.
              outcome(
                'WARN',
                'DSTIP 0.0.0.0, which is not the SOCKS4A signal',
                () => request.ip === '0.0.0.0',
              ),
              outcome(
                'INFO',
                'the client resolved the name itself (plain SOCKS4: a DNS leak unless chosen)',
                () => true,
              ),
            ])
          : verify('socks4/req-format', run, describeRun, [
              outcome('PASS', 'DSTIP is the destination or the SOCKS4A signal', () => false),
              outcome('FAIL', 'DSTIP names neither the destination nor the SOCKS4A signal', () => true),
            ]),
        verify('socks4a/domain', run, describeRun, [
          outcome('PASS', 'the name "localhost" followed by a NUL', () => request.domain === 'localhost'),
          outcome('FAIL', 'another name', () => request.domain !== undefined),
          outcome('SKIP', 'no name sent (not SOCKS4A)', () => true),
        ]),
        checkUsedConnection('socks4a/domain', run),
      ];
    },
  },
  {
    id: 'client/socks4/reply/rejected',
    clauses: ['socks4/reply-cd'],
    versions: ['4', '4a'],
    title: 'CD 91 (rejected or failed) is a failure: no data, a close, a failure reported',
    requirement:
      'Only CD 90 grants the request: on 91 (or 92, 93) the client sends no application data, the connection ' +
      'ends, and the failure is reported.',
    script: socks4(Socks4Code.REJECTED),
    verdict: (run) => [
      checkStopsAndCloses('socks4/reply-cd', run, 'after-reply', 'CD 91'),
      checkReportsFailure('socks4/reply-cd', run, 'CD 91'),
    ],
  },
  {
    id: 'client/socks4/reply/connect-fields-ignored',
    clauses: ['socks4/reply-cd', 'socks4/connect-ignored', 'socks4/reply-format'],
    versions: ['4', '4a'],
    title: 'CD 90 grants the CONNECT whatever DSTPORT and DSTIP the reply carries',
    requirement:
      'In the reply to CONNECT only CD counts: "DSTPORT and DSTIP fields are ignored". A reply CD 90 naming an ' +
      'unrelated address and port (here 127.0.0.9, port 9) still grants the request, and the client passes its data.',
    script: socks4(Socks4Code.GRANTED, { reply: UNRELATED_REPLY }),
    verdict: (run) => [
      checkReplyNotInOutput('socks4/reply-format', run, UNRELATED_REPLY),
      // Refusing a CD 90 denies what CD 90 means (granted); that the fields do not count is only INFO.
      checkUsedConnection('socks4/reply-cd', run, 'the connection granted by CD 90 with unrelated fields'),
    ],
  },
  {
    id: 'client/socks4/reply/with-first-data',
    clauses: ['socks4/reply-format'],
    versions: ['4', '4a'],
    title: "The client keeps the destination's first octets that arrive in the reply's segment",
    requirement:
      "The reply is 8 octets; what follows is the destination's data, even in the same segment, as when the " +
      'destination speaks first (an SMTP or SSH banner). Here the destination answers unasked and closes; the ' +
      'server sends the reply and that answer in one write.',
    script: socks4(Socks4Code.GRANTED, { reply: GRANTED_REPLY, firstDataWithReply: true }),
    verdict: (run) => [
      checkReplyNotInOutput('socks4/reply-format', run, GRANTED_REPLY),
      checkUsedConnection(
        'socks4/reply-format',
        run,
        "the destination's octets that came in the reply's segment",
      ),
    ],
  },
  {
    id: 'client/socks4/reply/bytewise',
    clauses: ['socks4/reply-format'],
    versions: ['4', '4a'],
    title: 'The client reads an 8-octet reply that arrives one octet per segment',
    requirement:
      'The reply is 8 octets; a client reads all 8 however they are cut before passing data. The server holds ' +
      'the last octet back 100 ms (and the reply itself 100 ms, so that data sent before any reply is not counted).',
    script: socks4(Socks4Code.GRANTED, { reply: GRANTED_REPLY, replyDelayMs: 100 }, 'bytewise'),
    verdict: (run) => [
      checkWaitsForWholeReply('socks4/reply-format', run),
      checkReplyNotInOutput('socks4/reply-format', run, GRANTED_REPLY),
      checkUsedConnection('socks4/reply-format', run, 'a connection granted octet by octet'),
    ],
  },
]);
