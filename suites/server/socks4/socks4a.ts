/**
 * SOCKS4A (SOCKS4A.protocol): a client that cannot resolve the destination sets DSTIP to 0.0.0.x with x not 0
 * and sends the domain after the USERID's NUL, ended by another NUL. A SOCKS4A server "must check" DSTIP and read
 * the domain on that signal; 0.0.0.0 is not the signal. It resolves the name and connects, or answers CD 91 and
 * closes. draft-vance-socks-v4a asks for bounded reads of the domain, as of the USERID.
 */
import { outcome, verify } from '../../../harness/model/outcome.js';
import { Socks4Command } from '../../../harness/wire/constants.js';
import { encodeSocks4Request } from '../../../harness/wire/socks4.js';
import { defineSuiteCases } from '../../define-cases.js';
import { arrivals, describeArrivals, verifyNotReached } from '../support/arrivals.js';
import { exchange, requireSocks4, SOCKS4A_SIGNAL } from '../support/socks4-exchange.js';
import { verifyGivesUp } from '../support/socks4-incomplete.js';
import { verifyGrantAndRelay } from '../support/socks4-relay.js';
import {
  describeSocks4Read,
  FAIL_CLOSE,
  isGranted,
  isRejected,
  RELAY,
  REPLY_CD,
  verifyRejection,
  verifyReplyVersion,
  verifySocks4Close,
  verifyStillAnswers,
} from '../support/socks4-verdicts.js';

const SERVER_READ = 'socks4a/server-read';
const ZERO = 'socks4a/zero-not-4a';
const RESOLVE = 'socks4a/resolve';
const BOUNDED = 'socks4a/bounded';
const DOMAIN = 'socks4a/domain';

const DATA = Buffer.from('through a SOCKS4A CONNECT and back\n');
/** 300 octets: longer than a DNS name can be, past the bound draft-vance-socks-v4a suggests. */
const LONG_NAME = `${'a'.repeat(63)}.`.repeat(4).concat('b'.repeat(36), '.invalid');

export const socks4a = defineSuiteCases('SOCKS4A', 'suites/server/socks4/socks4a.ts', [
  {
    id: 'socks4a/connect/name',
    clauses: [SERVER_READ, RESOLVE, DOMAIN, RELAY],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4a',
    segmentationVariants: true,
    title: 'SOCKS4A CONNECT to a name: the domain is read, resolved, CD 90, then relay',
    requirement:
      'DSTIP 0.0.0.1 signals a domain after the USERID: the server reads it (to its NUL, no further), resolves ' +
      'it and connects; after CD 90 the data flows both ways, with nothing of the request in it.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, SERVER_READ, { socks4a: true });
      if (unsupported) return unsupported;
      const name = context.names.resolvable;
      const { port } = context.echo.tcpEcho4;
      const request = encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, port, {
        userId: 'conformance',
        domain: name,
      });
      const sent = await exchange(context, request, DATA);
      return verifyGrantAndRelay(
        context,
        SERVER_READ,
        sent,
        DATA,
        `CONNECT to ${JSON.stringify(name)}:${port}`,
      );
    },
  },
  {
    id: 'socks4a/connect/zero-is-not-4a',
    clauses: [ZERO, REPLY_CD, FAIL_CLOSE],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4',
    title: 'DSTIP 0.0.0.0 is an address, not the SOCKS4A signal: answered without waiting for a domain',
    requirement:
      'Only 0.0.0.x with x not 0 signals SOCKS4A. A CONNECT to 0.0.0.0 is complete at the USERID NUL and is ' +
      'answered (CD 91, or CD 90 where the system connects 0.0.0.0 to itself); waiting for a domain is wrong. ' +
      'Where a CD 90 connection arrived is recorded: DSTPORT is a port only this case listens on.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, ZERO);
      if (unsupported) return unsupported;
      const listener = await context.openListener();
      const { probe, reply } = await exchange(
        context,
        encodeSocks4Request(Socks4Command.CONNECT, '0.0.0.0', listener.endpoint.port),
      );
      const check = verify(ZERO, reply, describeSocks4Read, [
        outcome('PASS', 'an 8-octet reply: CD 91 (0.0.0.0 is no destination)', isRejected),
        outcome('PASS', 'an 8-octet reply: CD 90 (the system took 0.0.0.0 for itself)', isGranted),
        outcome(
          'FAIL',
          'no reply: the server waits for a SOCKS4A domain after DSTIP 0.0.0.0',
          (r) => r.kind === 'timeout' && r.bytes.length === 0,
        ),
      ]);
      const seen = await arrivals(context, listener);
      const granted = isGranted(reply);
      const arrived = verify(ZERO, seen, describeArrivals, [
        outcome(
          'PASS',
          "not granted, and no connection arrived at the case's listener",
          (s) => !granted && s.length === 0,
        ),
        outcome(
          'INFO',
          "CD 90, and the connection arrived at the case's listener on this host",
          (s) => granted && s.length > 0,
        ),
        outcome('INFO', "CD 90, and no connection arrived at the case's listener", () => granted),
        outcome('INFO', "not granted, yet a connection arrived at the case's listener", () => true),
      ]);
      const checks = [check, ...verifyReplyVersion(reply), arrived];
      if (!isRejected(reply) || reply.kind !== 'decoded') return checks;
      return [...checks, await verifySocks4Close(context, probe, reply.at)];
    },
  },
  {
    id: 'socks4a/connect/unresolvable',
    clauses: [RESOLVE, REPLY_CD, FAIL_CLOSE],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4',
    title: 'SOCKS4A CONNECT to a name that does not resolve: CD 91, then the close',
    requirement:
      'A name the server cannot resolve gets CD 91 and the connection closed (a SOCKS4-only server that takes ' +
      '0.0.0.1 for an address answers CD 91 as well).',
    run: async (context) => {
      const unsupported = await requireSocks4(context, RESOLVE);
      if (unsupported) return unsupported;
      const name = context.names.unresolvable;
      const { port } = context.echo.tcpEcho4;
      const request = encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, port, { domain: name });
      const { probe, reply } = await exchange(context, request);
      return verifyRejection(context, REPLY_CD, probe, reply, `a CONNECT to ${JSON.stringify(name)}`);
    },
  },
  {
    id: 'socks4a/request/domain-empty',
    clauses: [RESOLVE, SERVER_READ, DOMAIN, REPLY_CD, FAIL_CLOSE],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4',
    title: 'SOCKS4A CONNECT with an empty domain: CD 91, then the close, and no connection anywhere',
    requirement:
      'An empty domain (two NULs in a row) names no host: the server answers CD 91 and closes. A server that ' +
      "takes '' for localhost reaches this host at DSTPORT, here a port only this case listens on.",
    run: async (context) => {
      const unsupported = await requireSocks4(context, RESOLVE);
      if (unsupported) return unsupported;
      const listener = await context.openListener();
      const request = encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, listener.endpoint.port, {
        domain: '',
      });
      const { probe, reply } = await exchange(context, request);
      const what = 'a CONNECT to an empty domain';
      return [
        ...(await verifyRejection(context, REPLY_CD, probe, reply, what)),
        await verifyNotReached(context, listener, SERVER_READ, 'an empty SOCKS4A domain'),
      ];
    },
  },
  {
    id: 'socks4a/request/domain-long',
    clauses: [BOUNDED, RESOLVE, REPLY_CD, FAIL_CLOSE],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4',
    title: 'SOCKS4A CONNECT with a 300-octet domain: CD 91 or the close, never CD 90',
    requirement:
      'A domain longer than any DNS name, past the bound a server should set, is refused: CD 91 and the close, ' +
      'or the close alone; never granted, never waited on.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, BOUNDED);
      if (unsupported) return unsupported;
      const { port } = context.echo.tcpEcho4;
      const probe = await context.connect();
      await probe.send(
        encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, port, { domain: LONG_NAME }),
      );
      return verifyGivesUp(context, probe, `a domain of ${LONG_NAME.length} octets`, REPLY_CD);
    },
  },
  {
    id: 'socks4a/request/domain-unterminated',
    clauses: [BOUNDED, SERVER_READ, FAIL_CLOSE],
    role: 'server',
    versions: ['4a'],
    feature: 'socks4',
    title: 'A SOCKS4A request that ends (FIN) inside its domain is closed, and the server lives on',
    requirement:
      'A client that half-closes before the domain NUL will send nothing more: the server answers CD 91 or ' +
      'closes, within a bound, and keeps serving other clients (no crash, as fgssfgss/socks_proxy#2 had).',
    run: async (context) => {
      const unsupported = await requireSocks4(context, BOUNDED);
      if (unsupported) return unsupported;
      const { port } = context.echo.tcpEcho4;
      const probe = await context.connect();
      await probe.send(
        encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, port, {
          domain: context.names.resolvable,
          terminateDomain: false,
        }),
      );
      probe.endWrite();
      const what = 'a SOCKS4A domain cut off by the FIN';
      return [
        ...(await verifyGivesUp(context, probe, what, SERVER_READ)),
        await verifyStillAnswers(context, SERVER_READ, what),
      ];
    },
  },
]);
