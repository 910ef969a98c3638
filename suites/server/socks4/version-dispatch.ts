/**
 * Version dispatch: a server that speaks SOCKS4, SOCKS4A and SOCKS5 on one port tells them apart by the first
 * octet (VN 4, VER 5) and answers each in its own version: a SOCKS5 method selection, an 8-octet SOCKS4 reply.
 * A first octet that is neither is no request of either; whatever the server does with it, it must survive.
 */
import type { CaseContext } from '../../../harness/model/case.js';
import { type Check, outcome, verify } from '../../../harness/model/outcome.js';
import { Method, Socks4Command } from '../../../harness/wire/constants.js';
import { encodeSocks4Request } from '../../../harness/wire/socks4.js';
import { decodeMethodSelection, encodeGreeting } from '../../../harness/wire/socks5-greeting.js';
import { defineSuiteCases } from '../../define-cases.js';
import { describeSelectionRead, describeSilence } from '../support/observations.js';
import { exchange, requireSocks4, SOCKS4A_SIGNAL } from '../support/socks4-exchange.js';
import { REPLY_FORMAT, verifyRejection, verifyStillAnswers } from '../support/socks4-verdicts.js';

const GREETING_VER = 'rfc1928/3-greeting-ver';
/** An HTTP request line: the commonest thing that reaches a SOCKS port by mistake; first octet X'47'. */
const NEITHER = Buffer.from('GET / HTTP/1.0\r\n\r\n');

export const versionDispatch = defineSuiteCases(
  'SOCKS4, SOCKS4A and SOCKS5 on one port',
  'suites/server/socks4/version-dispatch.ts',
  [
    {
      id: 'socks4/dispatch/each-version',
      clauses: [REPLY_FORMAT, GREETING_VER, 'socks4/fail-close'],
      role: 'server',
      versions: ['4', '4a', '5'],
      feature: 'socks4',
      title: 'One port answers SOCKS5, SOCKS4 and SOCKS4A, each in its own version',
      requirement:
        'A SOCKS5 greeting gets a SOCKS5 method selection; a SOCKS4 CONNECT that fails and a SOCKS4A CONNECT to a ' +
        'name that does not resolve each get an 8-octet SOCKS4 reply (CD 91) and the close, never a SOCKS5 message.',
      run: async (context) => {
        const unsupported = await requireSocks4(context, REPLY_FORMAT);
        if (unsupported) return unsupported;
        const v5 = await context.connect();
        await v5.send(encodeGreeting([Method.NO_AUTH, Method.USERNAME_PASSWORD]));
        const selection = await v5.read(decodeMethodSelection, context.ms(3000));
        const socks5 = verify(GREETING_VER, selection, describeSelectionRead, [
          outcome(
            'PASS',
            'a SOCKS5 method selection (VER 5)',
            (r) => r.kind === 'decoded' && r.value.version === 5,
          ),
        ]);
        const refused = context.echo.refused4;
        const v4 = await exchange(
          context,
          encodeSocks4Request(Socks4Command.CONNECT, refused.host, refused.port),
        );
        const name = context.names.unresolvable;
        const v4a = await exchange(
          context,
          encodeSocks4Request(Socks4Command.CONNECT, SOCKS4A_SIGNAL, refused.port, { domain: name }),
        );
        const checks: Check[] = [
          socks5,
          ...(await verifyRejection(
            context,
            REPLY_FORMAT,
            v4.probe,
            v4.reply,
            'a SOCKS4 CONNECT that fails',
          )),
          ...(await verifyRejection(
            context,
            REPLY_FORMAT,
            v4a.probe,
            v4a.reply,
            `a SOCKS4A CONNECT to ${name}`,
          )),
        ];
        return checks;
      },
    },
    {
      id: 'socks4/dispatch/neither-version',
      clauses: [GREETING_VER],
      role: 'server',
      versions: ['4', '5'],
      title: 'A first octet that is neither 4 nor 5 is handled without a crash',
      requirement:
        'An HTTP request line on the SOCKS port is no SOCKS message. The spec leaves the answer open (a close, ' +
        'an error reply: recorded); the server must go on serving new connections.',
      run: async (context) => {
        const probe = await context.connect();
        await probe.send(NEITHER);
        const answer = await probe.expectSilence(context.ms(1000));
        const handled = verify(GREETING_VER, answer, describeSilence, [
          outcome('PASS', 'closes the connection', (a) => a.kind === 'closed' && a.bytes.length === 0),
          outcome(
            'INFO',
            'answers with octets of its own (an error reply or page)',
            (a) => a.kind !== 'silence',
          ),
          outcome('INFO', 'waits without answering', () => true),
        ]);
        const after = "a first octet X'47' (an HTTP request line)";
        const socks4 = await requireSocks4(context, GREETING_VER);
        if (socks4) return [handled, await verifyStillAnswersSocks5(context, after)];
        return [handled, await verifyStillAnswers(context, GREETING_VER, after)];
      },
    },
  ],
);

/** For a target without SOCKS4: a new SOCKS5 greeting is still answered. */
async function verifyStillAnswersSocks5(context: CaseContext, after: string): Promise<Check> {
  const probe = await context.connect();
  await probe.send(encodeGreeting([Method.NO_AUTH, Method.USERNAME_PASSWORD]));
  const selection = await probe.read(decodeMethodSelection, context.ms(3000));
  return verify(GREETING_VER, selection, describeSelectionRead, [
    outcome('PASS', `a new SOCKS5 greeting is still answered after ${after}`, (r) => r.kind === 'decoded'),
    outcome('FAIL', `the target stopped answering after ${after}`, () => true),
  ]);
}
