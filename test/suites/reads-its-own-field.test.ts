import { describe, expect, it } from 'vitest';
import type { Fault } from '../../harness/reference/faults.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { serverGroups } from '../../suites/index.js';

async function runAgainst(fault: Fault, only: string) {
  const server = await startReferenceServer({ faults: new Set([fault]) });
  try {
    const outcome = await runServerSuite(
      runOptions({
        target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
        only: [only],
        credentials: { username: 'socks', password: 'conformance' },
      }),
      { groups: serverGroups, version: 'test', rerun: () => '' },
    );
    if (outcome.kind !== 'ran') throw new Error(outcome.reason);
    return outcome.document.results[0]!;
  } finally {
    await server.close();
  }
}

const matched = (check: { expected: readonly { when: string }[]; matched?: number }) =>
  check.matched === undefined ? undefined : check.expected[check.matched]?.when;

describe('every check reads exactly the field its clause is about', () => {
  it("fails a reply with VER X'04' on its format, and passes its RSV X'00'", async () => {
    const result = await runAgainst('reply-version-4', 'socks5/request/version-not-5');
    const rsv = result.checks.find((c) => c.clause === 'rfc1928/6-rsv');
    expect(rsv?.verdict, rsv?.observed).toBe('PASS');
    const format = result.checks.find((c) => c.clause === 'rfc1928/6-reply-format');
    expect(format?.verdict).toBe('FAIL');
    expect(matched(format!)).toBe("a reply whose VER is not X'05'");
  });

  it('says a server that echoes the octets after a refusal echoed them, not that it served them', async () => {
    const result = await runAgainst('refusal-echoes-trailing', 'socks5/request/trailing-request-not-served');
    expect(result.verdict).toBe('FAIL');
    expect(matched(result)).toMatch(/^sends the trailing octets back after the failure reply/);
  });

  it('does not fail a server that sends no reply but other octets after a failed login', async () => {
    const result = await runAgainst('auth-failure-echoes-request', 'socks5/auth/no-request-after-failure');
    expect(result.verdict, result.observed).toBe('PASS');
    expect(matched(result)).toBe('sends octets that are no SOCKS5 reply: the request is not served');
  });
});
