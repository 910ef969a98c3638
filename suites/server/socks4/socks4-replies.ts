/**
 * SOCKS4 replies (SOCKS4.protocol): 8 octets, VN ("should be 0"), CD (90 granted, 91 rejected or failed, 92 and
 * 93 identd refusals), DSTPORT, DSTIP. After a rejection the server "closes its connection immediately", so a
 * rejected request is never relayed.
 */
import { Socks4Command } from '../../../harness/wire/constants.js';
import { decodeSocks4Reply, encodeSocks4Request } from '../../../harness/wire/socks4.js';
import { defineSuiteCases } from '../../define-cases.js';
import { exchange, requireSocks4 } from '../support/socks4-exchange.js';
import { FAIL_CLOSE, REPLY_CD, REPLY_FORMAT, REPLY_VN, verifyRejection } from '../support/socks4-verdicts.js';

const PIPELINED = Buffer.from('must not reach the destination of a rejected request\n');

export const socks4Replies = defineSuiteCases('SOCKS4 replies', 'suites/server/socks4/socks4-replies.ts', [
  {
    id: 'socks4/replies/rejection-format',
    clauses: [REPLY_FORMAT, REPLY_VN, REPLY_CD, FAIL_CLOSE],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'A rejection is a whole 8-octet reply with VN 0, then the close',
    requirement:
      'Every reply, a rejection too, is 8 octets: VN 0, CD, DSTPORT, DSTIP; not a 2-octet VN, CD and not a SOCKS5 ' +
      'reply. VN other than 0 is a WARN. Nothing follows the reply but the close.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, REPLY_FORMAT);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.refused4;
      const { probe, reply } = await exchange(
        context,
        encodeSocks4Request(Socks4Command.CONNECT, host, port),
      );
      return verifyRejection(
        context,
        REPLY_FORMAT,
        probe,
        reply,
        `a CONNECT to the refused port ${host}:${port}`,
      );
    },
  },
  {
    id: 'socks4/replies/rejected-not-relayed',
    clauses: [FAIL_CLOSE, REPLY_CD],
    role: 'server',
    versions: ['4'],
    feature: 'socks4',
    title: 'Data pipelined behind a rejected request is not relayed: CD 91 and the close',
    requirement:
      'A request the server rejects (CD 3, to the echo network) ends the connection: what the client sent behind ' +
      'it never reaches the destination, so nothing comes back but the reply.',
    run: async (context) => {
      const unsupported = await requireSocks4(context, FAIL_CLOSE);
      if (unsupported) return unsupported;
      const { host, port } = context.echo.tcpEcho4;
      const probe = await context.connect();
      await probe.send(Buffer.concat([encodeSocks4Request(3, host, port), PIPELINED]));
      const reply = await probe.read(decodeSocks4Reply, context.ms(5000));
      return verifyRejection(context, FAIL_CLOSE, probe, reply, 'a request with CD 3 and data behind it');
    },
  },
]);
