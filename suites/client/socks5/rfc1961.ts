import { defineClientCases } from '../../../harness/runner/client-case.js';
import { outcome, verify } from '../../../harness/runner/outcome.js';
import { Method } from '../../../harness/wire/constants.js';
import { checkReportsFailure, checkStopsAndCloses } from '../client-checks.js';
import { describeRun, find, firstSession } from '../client-observations.js';
import { socks5 } from '../scripts.js';

export default defineClientCases('RFC 1961 (client)', 'suites/client/socks5/rfc1961.ts', [
  {
    id: 'client/socks5/gssapi/abort-stops',
    clauses: ['rfc1961/3.8-abort-client'],
    level: 'FMT',
    versions: ['5'],
    title: "A client that offered GSSAPI stops and closes on the server's abort X'01 FF'",
    requirement:
      "When the server selects GSSAPI and answers the client's first GSSAPI message with the abort X'01 FF', " +
      'the context cannot be established: the client sends nothing more (no SOCKS request) and closes.',
    // The server accepts GSSAPI only, and answers any GSSAPI message with 01 FF.
    script: socks5({ methods: [Method.GSSAPI] }),
    verdict: (run) => {
      const events = firstSession(run);
      const offered = find(events, 'greeting')?.value.methods.includes(Method.GSSAPI) ?? false;
      const message = find(events, 'gssapi');
      if (!offered || !message)
        return verify('rfc1961/3.8-abort-client', run, describeRun, [
          outcome('SKIP', "not applicable: the client did not offer GSSAPI (X'01')", () => !offered),
          outcome(
            'INFO',
            'the client offered GSSAPI but sent no whole GSSAPI message, so the abort was never sent',
            () => true,
          ),
        ]);
      return [
        checkStopsAndCloses('rfc1961/3.8-abort-client', run, 'after-gss-abort', '01 FF'),
        checkReportsFailure('rfc1961/3.8-abort-client', run, '01 FF'),
      ];
    },
  },
]);
