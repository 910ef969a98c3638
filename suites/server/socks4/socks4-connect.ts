/**
 * SOCKS4 CONNECT (SOCKS4.protocol): "the SOCKS server ... makes a connection to the specified port of the
 * destination host. A reply packet is sent to the client when this connection is established, or when the
 * request is rejected or the operation fails." After CD 90 the server relays both directions; after a
 * rejection or failure it "closes its connection immediately".
 */
import { Socks4Command } from '../../../harness/wire/constants.js';
import { encodeSocks4Request } from '../../../harness/wire/socks4.js';
import { defineSuiteCases } from '../../define-cases.js';
import { exchange, requireSocks4 } from '../support/socks4-exchange.js';
import { verifyGrantAndRelay } from '../support/socks4-relay.js';
import {
  FAIL_CLOSE,
  RELAY,
  REPLY_CD,
  REPLY_FORMAT,
  REPLY_VN,
  verifyRejection,
} from '../support/socks4-verdicts.js';

const DATA = Buffer.from('through a SOCKS4 CONNECT and back\n');

export const socks4Connect = defineSuiteCases('SOCKS4 CONNECT', 'suites/server/socks4/socks4-connect.ts', [
  {
    id: 'socks4/connect/relay',
    clauses: [RELAY, REPLY_CD, REPLY_FORMAT, REPLY_VN],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    segmentationVariants: true,
    title: 'CONNECT to the echo network: CD 90, then data flows both ways',
    requirement:
      'A CONNECT to a reachable destination is granted with an 8-octet reply, VN 0 and CD 90, once the ' +
      'connection is made; from then on the server relays both directions unchanged.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, RELAY, { granted: true });
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const request = encodeSocks4Request(Socks4Command.CONNECT, host, port, { userId: 'conformance' });
      const sent = await exchange(context, request, DATA);
      return verifyGrantAndRelay(context, RELAY, sent, DATA, `CONNECT to ${host}:${port}`);
    },
  },
  {
    id: 'socks4/connect/refused',
    clauses: [REPLY_CD, FAIL_CLOSE, REPLY_FORMAT, REPLY_VN],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'CONNECT to a port that refuses: CD 91, then the close',
    requirement:
      'When the connection to the destination fails the server answers CD 91 (never 90: the reply waits for ' +
      'the outcome) and closes the connection immediately.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, REPLY_CD);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.refused4;
      const { probe, reply } = await exchange(
        context,
        encodeSocks4Request(Socks4Command.CONNECT, host, port),
      );
      return verifyRejection(
        context,
        REPLY_CD,
        probe,
        reply,
        `a CONNECT to the refused port ${host}:${port}`,
      );
    },
  },
]);
