/**
 * SOCKS4 request parsing (SOCKS4.protocol): VN 4, CD (1 CONNECT, 2 BIND), DSTPORT, DSTIP, then USERID, "a string
 * of characters terminated with a NUL". The document sets no bound on USERID; draft-vance-socks-v4a asks a server
 * to bound its reads (about 255 octets), so a USERID that never ends must not hold the connection forever, and a
 * request the client abandons mid-field must not crash the server.
 */
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import { Socks4Command } from '../../../harness/wire/constants.js';
import { encodeSocks4Request } from '../../../harness/wire/socks4.js';
import { defineSuiteCases } from '../../define-cases.js';
import { exchange, requireSocks4 } from '../support/socks4-exchange.js';
import { GIVE_UP_MS, verifyGivesUp } from '../support/socks4-incomplete.js';
import { verifyGrantAndRelay } from '../support/socks4-relay.js';
import {
  describeSocks4Read,
  FAIL_CLOSE,
  isGranted,
  isRejected,
  RELAY,
  REPLY_CD,
  REPLY_FORMAT,
  REPLY_VN,
  verifyRejected,
  verifyRejection,
  verifyReplyVersion,
  verifySocks4Close,
  verifyStillAnswers,
} from '../support/socks4-verdicts.js';

const REQ_FORMAT = 'socks4/req-format';
const CD = 'socks4/cd';
const BOUNDED = 'socks4a/bounded';

const DATA = Buffer.from('after a SOCKS4 request\n');
/** A USERID at the bound draft-vance-socks-v4a suggests. */
const LONG_USERID = 'u'.repeat(255);
/**
 * Far past any sensible bound, and no NUL in it: 64 KiB, so that a server whose request buffer is merely larger
 * than a kilobyte (Dante's holds about 1.3 KiB) reaches its bound and gives up instead of waiting for the rest.
 */
const ENDLESS_USERID = 'u'.repeat(65_536);

export const socks4Request = defineSuiteCases('SOCKS4 request', 'suites/server/socks4/socks4-request.ts', [
  {
    id: 'socks4/request/userid-empty',
    clauses: [REQ_FORMAT, RELAY, REPLY_CD, REPLY_VN],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    segmentationVariants: true,
    title: 'An empty USERID (a lone NUL) is a complete request',
    requirement:
      'USERID may be empty: the NUL right after DSTIP ends the request, which the server then serves (CD 90 and ' +
      'the relay, for a CONNECT to the echo network).',
    run: async (context) => {
      const unsupported = await requireSocks4(context, REQ_FORMAT, { granted: true });
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const request = encodeSocks4Request(Socks4Command.CONNECT, host, port, { userId: '' });
      const sent = await exchange(context, request, DATA);
      return verifyGrantAndRelay(context, REQ_FORMAT, sent, DATA, 'a CONNECT with an empty USERID');
    },
  },
  {
    id: 'socks4/request/userid-255',
    clauses: [BOUNDED, REQ_FORMAT, REPLY_CD, REPLY_VN, RELAY, FAIL_CLOSE],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    segmentationVariants: true,
    title: 'A USERID of 255 octets is read whole and answered',
    requirement:
      'A USERID of 255 octets is within the bound a server should allow: the server answers it with CD 90, or ' +
      'rejects that user with CD 91 and closes; closing without a reply reads the bound too tight (WARN).',
    run: async (context) => {
      const unsupported = await requireSocks4(context, BOUNDED, { granted: true });
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const request = encodeSocks4Request(Socks4Command.CONNECT, host, port, { userId: LONG_USERID });
      const sent = await exchange(context, request, DATA);
      const { probe, reply } = sent;
      if (isGranted(reply)) return verifyGrantAndRelay(context, REQ_FORMAT, sent, DATA, 'a 255-octet USERID');
      // A bound under 255 octets is the SHOULD of draft-vance-socks-v4a missed; any other wrong answer to a
      // whole request (or a close of one written in pieces) bears on the request's format.
      const short = context.segmentation === 'whole' && reply.kind === 'closed' && reply.bytes.length === 0;
      const answered = short
        ? verify(BOUNDED, reply, describeSocks4Read, [
            outcome('PASS', 'rejects the user (CD 91–93)', isRejected),
            outcome('WARN', 'closes without a reply: a bound under 255 octets', () => true),
          ])
        : verifyRejected(REQ_FORMAT, reply, 'a 255-octet USERID');
      if (answered.verdict !== 'PASS' || reply.kind !== 'decoded') return answered;
      return [answered, ...verifyReplyVersion(reply), await verifySocks4Close(context, probe, reply.at)];
    },
  },
  {
    id: 'socks4/request/userid-unbounded',
    clauses: [BOUNDED, REQ_FORMAT, FAIL_CLOSE],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'A USERID of 64 KiB without its NUL is given up on',
    requirement:
      'The server reads the USERID up to a bound: 64 KiB and no NUL get CD 91 or the close within ' +
      `${GIVE_UP_MS / 1000} s, not an endless wait, and never CD 90.`,
    run: async (context) => {
      const unsupported = await requireSocks4(context, BOUNDED);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const probe = await context.connect();
      await probe.send(
        encodeSocks4Request(Socks4Command.CONNECT, host, port, {
          userId: ENDLESS_USERID,
          terminateUserId: false,
        }),
      );
      return verifyGivesUp(context, probe, 'a USERID of 64 KiB without a NUL', REQ_FORMAT);
    },
  },
  {
    id: 'socks4/request/userid-unterminated',
    clauses: [BOUNDED, REQ_FORMAT, FAIL_CLOSE],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'A request that ends (FIN) inside its USERID is closed, and the server lives on',
    requirement:
      'A client that half-closes before the USERID NUL will send nothing more: the server answers CD 91 or ' +
      'closes, within a bound, and keeps serving other clients (no crash).',
    run: async (context) => {
      const unsupported = await requireSocks4(context, BOUNDED);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const probe = await context.connect();
      await probe.send(
        encodeSocks4Request(Socks4Command.CONNECT, host, port, { userId: 'abc', terminateUserId: false }),
      );
      probe.endWrite();
      const what = 'a USERID cut off by the FIN';
      const checks: Check[] = await verifyGivesUp(context, probe, what, REQ_FORMAT);
      return [...checks, await verifyStillAnswers(context, REQ_FORMAT, what)];
    },
  },
  {
    id: 'socks4/request/undefined-cd',
    clauses: [REPLY_CD, CD, FAIL_CLOSE, REPLY_FORMAT],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'CD 3 (neither CONNECT nor BIND) is rejected with CD 91',
    requirement:
      'CD is 1 (CONNECT) or 2 (BIND); a request with another CD is rejected with an 8-octet reply, CD 91, and the ' +
      'connection closed.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, REPLY_CD);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const { probe, reply } = await exchange(context, encodeSocks4Request(3, host, port));
      return verifyRejection(context, REPLY_CD, probe, reply, 'a request with CD 3');
    },
  },
  {
    id: 'socks4/request/dstport-zero',
    clauses: [REPLY_CD, REQ_FORMAT, FAIL_CLOSE, REPLY_FORMAT],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'CONNECT to DSTPORT 0 is rejected with CD 91',
    requirement:
      'No connection can be made to port 0: the server answers CD 91 in an 8-octet reply and closes, without ' +
      'crashing on the port.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, REPLY_CD);
      if (unsupported) return unsupported;
      const { host } = context.echo.tcpEcho4;
      const { probe, reply } = await exchange(context, encodeSocks4Request(Socks4Command.CONNECT, host, 0));
      return verifyRejection(context, REPLY_CD, probe, reply, `a CONNECT to ${host}:0`);
    },
  },
]);
