import { describe, expect, it } from 'vitest';
import { CREDENTIALS_REFUSED } from '../../harness/model/capabilities.js';
import { startReferenceServer } from '../../harness/reference/server.js';
import { formatCapabilities, formatSummary } from '../../harness/report/console.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { Method } from '../../harness/wire/constants.js';
import { serverGroups } from '../../suites/index.js';

describe('cases adapt to what the target accepts', () => {
  it('skips, rather than errs, where the target accepts none of the standard methods', async () => {
    const server = await startReferenceServer({ methods: [] });
    try {
      const outcome = await runServerSuite(
        runOptions({ target: { kind: 'address', endpoint: { host: server.host, port: server.port } } }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const verdictOf = (id: string) => outcome.document.results.find((r) => r.id === id)?.verdict;
      expect(verdictOf('socks5/method/duplicates')).toBe('SKIP');
      expect(verdictOf('socks5/method/greeting-coalesced')).toBe('SKIP');
      expect(verdictOf('socks5/method/select-offered')).toBe('PASS');
      expect(verdictOf('socks5/method/no-acceptable-ff')).toBe('PASS');
      expect(verdictOf('socks5/method/gssapi-supported')).toBe('FAIL');
      expect(verdictOf('socks5/method/userpass-supported')).toBe('WARN');
      expect(outcome.document.results.some((r) => r.verdict === 'ERROR')).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('credentials in reports', () => {
  it('never shows the password, in notes or in hex', async () => {
    const server = await startReferenceServer({ users: { tester: 'Zq7-secret' } });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          only: ['socks5/auth/*'],
          credentials: { username: 'tester', password: 'Zq7-secret' },
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const text = JSON.stringify(outcome.document);
      expect(text).toContain('PASSWD=<redacted>');
      expect(text).not.toContain('Zq7-secret');
      expect(text).not.toContain(Buffer.from('Zq7-secret').toString('hex').match(/../g)!.join(' '));
    } finally {
      await server.close();
    }
  });
});

describe('credentials the target refuses', () => {
  it('are reported as refused, and cases that need a session are skipped rather than failed', async () => {
    const server = await startReferenceServer({ methods: [Method.USERNAME_PASSWORD] });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          only: ['socks5/connect/echo-both-ways'],
          credentials: { username: 'socks', password: 'not-the-password' },
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      expect(outcome.document.capabilities?.credentialsAccepted).toBe(false);
      expect(formatSummary(outcome.document)).toContain(CREDENTIALS_REFUSED);
      expect(outcome.document.results[0]?.verdict).toBe('SKIP');
    } finally {
      await server.close();
    }
  });

  it('make every case that needs an accepted login SKIP with the reason, none FAIL, the note said once', async () => {
    const server = await startReferenceServer({ methods: [Method.USERNAME_PASSWORD] });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          only: ['socks5/auth/*', 'socks5/connect/echo-both-ways'],
          credentials: { username: 'socks', password: 'not-the-password' },
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const { results } = outcome.document;
      const needLogin = [
        'socks5/auth/success-response',
        'socks5/auth/success-then-request',
        'socks5/auth/success-then-request/bytewise',
        'socks5/auth/success-then-request/coalesced',
        'socks5/auth/request-version-5',
        'socks5/connect/echo-both-ways',
      ];
      for (const id of needLogin) {
        const result = results.find((r) => r.id === id);
        expect([id, result?.verdict, result?.kind]).toEqual([id, 'SKIP', 'credentials-refused']);
        expect(result?.reason).toContain('the target refused the given credentials');
      }
      expect(results.filter((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR')).toEqual([]);
      expect(results.find((r) => r.id === 'socks5/auth/wrong-password-refused')?.verdict).toBe('PASS');
      expect(formatSummary(outcome.document).split(CREDENTIALS_REFUSED)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('the capability line agrees with the verdicts', () => {
  it('says yes, with the probe’s answer, where the probe was refused but the cases were served', async () => {
    // The first IPv6 CONNECT and the first name CONNECT (the probe's) get REP 08; later ones are served.
    const server = await startReferenceServer({
      policy: [
        { addressType: 'ipv6', reply: 8, times: 1 },
        { addressType: 'domain', reply: 8, times: 1 },
      ],
    });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          only: ['socks5/address/ipv6-loopback', 'socks5/address/domain-resolvable'],
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const { capabilities, results } = outcome.document;
      expect(results.map((r) => r.verdict)).toEqual(['PASS', 'PASS']);
      expect(capabilities).toMatchObject({
        ipv6: true,
        names: true,
        probeAnswers: { ipv6: 'REP 08', names: 'REP 08' },
        servedIn: { ipv6: 'socks5/address/ipv6-loopback', names: 'socks5/address/domain-resolvable' },
      });
      const line = formatCapabilities(capabilities);
      expect(line).toContain(
        "IPv6 destinations yes (served in socks5/address/ipv6-loopback; the probe's CONNECT got REP 08)",
      );
      expect(line).toContain(
        "domain names yes (served in socks5/address/domain-resolvable; the probe's CONNECT got REP 08)",
      );
    } finally {
      await server.close();
    }
  });

  it('says no, with what the probe got, where the cases were refused too', async () => {
    const server = await startReferenceServer({ policy: [{ addressType: 'ipv6', reply: 8 }] });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: server.host, port: server.port } },
          only: ['socks5/address/ipv6-loopback'],
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      expect(outcome.document.results[0]?.verdict).toBe('UNSUPPORTED');
      expect(formatCapabilities(outcome.document.capabilities)).toContain(
        "IPv6 destinations no (the probe's CONNECT got REP 08)",
      );
    } finally {
      await server.close();
    }
  });
});
