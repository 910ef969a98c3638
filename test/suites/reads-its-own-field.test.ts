import { describe, expect, it } from 'vitest';
import type { Fault } from '../../harness/reference/faults.js';
import { runSuiteOnReference } from '../support/run-suite.js';

async function runAgainst(fault: Fault, only: string) {
  const [result] = await runSuiteOnReference({ faults: new Set([fault]) }, [only]);
  return result!;
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
