/**
 * SOCKS4 BIND (SOCKS4.protocol): the server answers twice. The first reply (CD 90) names in DSTPORT and DSTIP
 * where it listens (DSTIP 0 meaning the SOCKS server's own address); the second follows when the application
 * server connects. "If the originating IP address of the incoming connection does not match DSTIP", the server
 * replies CD 91 and closes both connections; otherwise CD 90, and the relay starts.
 *
 * BIND is part of SOCKS4 itself, so its cases need the `socks4` feature (`--expect socks4` demands BIND too).
 * The application server is the harness itself, connecting to the first reply's address; DSTIP names the echo
 * network's address (the host the peer connects from, so the IP check admits it) and DSTPORT a port there where
 * nothing listens: a server that names DSTIP and DSTPORT back and never listens leaves the peer refused, instead
 * of connected to a listener of the harness.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, skipped, verify } from '../../../harness/model/outcome.js';
import type { Endpoint } from '../../../harness/net/endpoint.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { Socks4Command } from '../../../harness/wire/constants.js';
import { decodeSocks4Reply, encodeSocks4Request, type Socks4Reply } from '../../../harness/wire/socks4.js';
import { defineSuiteCases } from '../../define-cases.js';
import { exchange, requireSocks4 } from '../support/socks4-exchange.js';
import {
  describeSocks4Read,
  FAIL_CLOSE,
  isGranted,
  isRejected,
  REPLY_CD,
  verifyCarried,
  verifyRejection,
  verifyReplyVersion,
  verifySocks4Close,
} from '../support/socks4-verdicts.js';

const FIRST = 'socks4/bind-first';
const SECOND = 'socks4/bind-second';
const IP_CHECK = 'socks4/bind-ip-check';

const PEER_DATA = Buffer.from('from the SOCKS4 BIND peer to the client\n');
const CLIENT_DATA = Buffer.from('from the client to the SOCKS4 BIND peer\n');

/** Where the peer connects: DSTIP of the first reply, or the target's own address for DSTIP 0.0.0.0. */
function rendezvous(context: CaseContext, first: Socks4Reply): Endpoint {
  return { host: first.ip === '0.0.0.0' ? context.target.host : first.ip, port: first.port };
}

type Bound =
  | { readonly check: Check | Check[] }
  | {
      readonly probe: TcpProbe;
      readonly first: Check[];
      readonly reply: Socks4Reply;
      readonly pipelinedSent: boolean;
    };

/** Sends a BIND and reads the first reply: CD 90 goes on; a rejection is how a server declines BIND. */
async function requestBind(context: CaseContext, pipelined?: Buffer): Promise<Bound> {
  const unsupported = await requireSocks4(context, FIRST);
  if (unsupported) return { check: unsupported };
  const { host, port } = context.echo.refused4;
  const { probe, reply, pipelinedSent } = await exchange(
    context,
    encodeSocks4Request(Socks4Command.BIND, host, port),
    pipelined,
  );
  if (isRejected(reply) && reply.kind === 'decoded') {
    const declined = skipped(FIRST, 'UNSUPPORTED', `the target rejects BIND: ${describeSocks4Read(reply)}`);
    return { check: [declined, await verifySocks4Close(context, probe, reply.at)] };
  }
  const first = verify(FIRST, reply, describeSocks4Read, [
    outcome(
      'FAIL',
      'a first reply, CD 90, naming DSTPORT 0: no port a peer could connect to',
      (r) => isGranted(r) && r.kind === 'decoded' && r.value.port === 0,
    ),
    outcome('PASS', 'a first reply, CD 90, naming a port', isGranted),
    outcome(
      'FAIL',
      'closes without a reply: a SOCKS4 server answers a request with CD 90, or declines it with CD 91–93',
      (r) => r.kind === 'closed' && r.bytes.length === 0,
    ),
  ]);
  if (first.verdict !== 'PASS' || reply.kind !== 'decoded') return { check: first };
  return { probe, first: [first, ...verifyReplyVersion(reply)], reply: reply.value, pipelinedSent };
}

export const socks4Bind = defineSuiteCases('SOCKS4 BIND', 'suites/server/socks4/socks4-bind.ts', [
  {
    id: 'socks4/bind/two-replies',
    clauses: [FIRST, SECOND, 'socks4/relay', REPLY_CD],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    segmentationVariants: true,
    title: 'BIND: a first reply names the listener, a second follows the peer, then data flows both ways',
    requirement:
      'The first reply (CD 90) names the port and address the server listens on (0.0.0.0 standing for its own ' +
      'address); when the application server connects from DSTIP, a second reply CD 90 follows and the server ' +
      'relays both ways.',
    run: async (context) => {
      const bound = await requestBind(context, CLIENT_DATA);
      if ('check' in bound) return bound.check;
      const { probe, first, reply, pipelinedSent } = bound;
      const to = rendezvous(context, reply);
      const opened = await context.connectPeer(to);
      if (!opened.ok) {
        return [
          ...first,
          verify(FIRST, opened, (o) => (o.ok ? 'connected' : `${o.code}: ${o.message}`), [
            outcome('PASS', `a peer connects at the first reply's ${to.host}:${to.port}`, (o) => o.ok),
            outcome(
              'FAIL',
              `nothing accepts a connection at the first reply's ${to.host}:${to.port}`,
              () => true,
            ),
          ]),
        ];
      }
      const peer = opened.probe;
      const secondRead = await probe.read(decodeSocks4Reply, context.ms(5000));
      const second = verify(SECOND, secondRead, describeSocks4Read, [
        outcome('PASS', 'a second reply, CD 90, once the peer connected', isGranted),
        outcome('FAIL', 'a rejection (CD 91–93) of the peer from DSTIP', isRejected),
        outcome('FAIL', 'no second reply', (r) => r.kind === 'timeout' && r.bytes.length === 0),
      ]);
      if (second.verdict !== 'PASS') return [...first, second];
      await peer.send(PEER_DATA);
      const toClient = await probe.readBytes(PEER_DATA.length, context.ms(3000));
      if (!pipelinedSent) await probe.send(CLIENT_DATA);
      const toPeer = await peer.readBytes(CLIENT_DATA.length, context.ms(3000));
      return [
        ...first,
        second,
        verifyCarried('socks4/relay', "the peer's data, relayed to the client,", PEER_DATA, toClient),
        verifyCarried('socks4/relay', "the client's data, relayed to the peer,", CLIENT_DATA, toPeer),
      ];
    },
  },
  {
    id: 'socks4/bind/peer-from-other-host',
    clauses: [IP_CHECK, FIRST, FAIL_CLOSE, REPLY_CD],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    deadlineMs: 20_000,
    title: 'BIND: a peer from another address than DSTIP gets CD 91, and both connections close',
    requirement:
      'When the incoming connection comes from an address other than DSTIP, the server sends CD 91 as the second ' +
      'reply and closes both the control connection and the incoming one.',
    run: async (context) => {
      if (context.altSource === context.echo.refused4.host) {
        return skipped(IP_CHECK, 'SKIP', `the alternative source ${context.altSource} is DSTIP itself`);
      }
      const bound = await requestBind(context);
      if ('check' in bound) return bound.check;
      const { probe, first, reply } = bound;
      const to = rendezvous(context, reply);
      const opened = await context.connectPeer(to, context.altSource);
      if (!opened.ok && opened.code === 'ECONNREFUSED') {
        return [
          ...first,
          verify(FIRST, to, (e) => `a peer from ${context.altSource} was refused at ${e.host}:${e.port}`, [
            outcome('PASS', "a peer connects at the first reply's DSTIP and DSTPORT", () => false),
            outcome(
              'FAIL',
              'nothing listens where the first reply points: the connection is refused',
              () => true,
            ),
          ]),
        ];
      }
      if (!opened.ok) {
        return skipped(
          IP_CHECK,
          'SKIP',
          `no connection from ${context.altSource} to the listener: ${opened.code}`,
        );
      }
      const peer = opened.probe;
      const second = await probe.read(decodeSocks4Reply, context.ms(3000));
      const rejection = await verifyRejection(
        context,
        IP_CHECK,
        probe,
        second,
        `a peer from ${context.altSource}`,
      );
      if (rejection[0]!.verdict !== 'PASS') return [...first, ...rejection];
      const peerClose = await peer.awaitClose(context.ms(2500));
      const peerClosed = verify(
        IP_CHECK,
        peerClose,
        (c) => (c.kind === 'closed' ? `closed (${c.how})` : 'still open'),
        [
          outcome('PASS', 'the incoming connection is closed too', (c) => c.kind === 'closed'),
          outcome('FAIL', 'the incoming connection stays open', () => true),
        ],
      );
      return [...first, ...rejection, peerClosed];
    },
  },
]);
