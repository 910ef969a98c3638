import { describe, expect, it } from 'vitest';
import { instantiate, parseClientCommand } from '../../harness/engine/client/client-command.js';
import { clientExitCode, runClientSuite } from '../../harness/engine/client/run-client-suite.js';
import { spawnClient } from '../../harness/engine/client/spawn-client.js';
import type { SocksVersion } from '../../harness/model/case.js';
import { clientGroups } from '../../suites/client/index.js';

async function run(command: string, only: string[], socksVersion?: SocksVersion) {
  const document = await runClientSuite({
    client: { kind: 'exec', template: parseClientCommand(command) },
    ...(socksVersion ? { socksVersion } : {}),
    groups: clientGroups,
    only,
    version: 'test',
    rerun: () => '',
  });
  return Object.fromEntries(document.results.map((r) => [r.id, r.verdict]));
}

describe('client commands', () => {
  it('runs a command without a shell when it has no shell syntax, and with /bin/sh -c otherwise', () => {
    expect(parseClientCommand('curl -sS -x socks5h://{proxy} {url}').shell).toBe(false);
    expect(parseClientCommand('curl -x socks5h://{proxy} {url} | grep x').shell).toBe(true);
    expect(parseClientCommand("curl -x 'socks5h://{proxy}' {url}").shell).toBe(true);
    expect(parseClientCommand('ALL_PROXY=socks5h://{proxy} curl {url}').shell).toBe(true);
    expect(() => parseClientCommand('curl {target}')).toThrow(/unknown placeholder \{target\}/);
    expect(() => parseClientCommand('  ')).toThrow(/needs a command/);
  });

  it("passes the IPv6 cases' bracketed {url} through a shell unchanged, and refuses other shell syntax", () => {
    const values = {
      proxy: '127.0.0.1:1080',
      proxy_host: '127.0.0.1',
      proxy_port: '1080',
      user: 'u',
      password: 'p',
      host: '::1',
      port: '8080',
      path: '/case-00ff',
      url: 'http://[::1]:8080/case-00ff',
    };
    const shell = parseClientCommand('echo {url} | cat -x{proxy}');
    expect(instantiate(shell, values).args[1]).toBe(
      'echo http://[::1]:8080/case-00ff | cat -x127.0.0.1:1080',
    );
    expect(() => instantiate(shell, { ...values, url: 'http://[::1]:8080/$(id)' })).toThrow(/not shell-safe/);
    expect(() => instantiate(shell, { ...values, url: 'http://[*]:8080/x' })).toThrow(/not shell-safe/);
  });

  it('kills the whole process group at the deadline', async () => {
    const started = performance.now();
    const ran = await spawnClient('/bin/sh', ['-c', 'sleep 30 & sleep 30'], {}, 300);
    expect(ran.exit.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a broken client that reads each message from one segment fails only the split-reply case', async () => {
    const verdicts = await run(
      `${process.execPath} fixtures/clients/one-read-socks5.mjs {proxy_host} {proxy_port} {url}`,
      [
        'client/socks5/reply/bytewise',
        'client/socks5/reply/bnd-ipv4',
        'client/socks5/request/name-destination',
      ],
    );
    expect(verdicts).toEqual({
      'client/socks5/reply/bytewise': 'FAIL',
      'client/socks5/reply/bnd-ipv4': 'PASS',
      'client/socks5/request/name-destination': 'PASS',
    });
  });

  it('a command that never connects is an ERROR, not a verdict on the client', async () => {
    expect(await run('true {proxy}', ['client/socks5/method/ff-closes'])).toEqual({
      'client/socks5/method/ff-closes': 'ERROR',
    });
  });

  it('a declared SOCKS version makes the cases of the others SKIP without running the client', async () => {
    expect(await run('true {proxy}', ['client/socks4/reply/rejected'], '5')).toEqual({
      'client/socks4/reply/rejected': 'SKIP',
    });
  });

  it('a client that never connects to a destination it may not take is SKIP, or judged where refusing is right', async () => {
    // `false` exits 1 without connecting, as a client refusing its destination does.
    const cases = ['client/socks5/request/name-non-ascii', 'client/socks5/request/name-over-255'];
    expect(await run('false {proxy}', cases)).toEqual({
      'client/socks5/request/name-non-ascii': 'SKIP',
      'client/socks5/request/name-over-255': 'SKIP',
    });
    expect(await run('false {proxy}', cases, '5')).toEqual({
      'client/socks5/request/name-non-ascii': 'SKIP',
      'client/socks5/request/name-over-255': 'PASS',
    });
    expect(await run('true {proxy}', [cases[1]!], '5')).toEqual({ [cases[1]!]: 'ERROR' });
  });

  it('a SOCKS4 client that refuses a name without connecting is INFO once its version is declared', async () => {
    const id = 'client/socks4/request/name-destination';
    expect(await run('false {proxy}', [id], '4')).toEqual({ [id]: 'INFO' });
    expect(await run('false {proxy}', [id])).toEqual({ [id]: 'SKIP' });
  });

  it('a command that cannot be started is an ERROR in every case, whatever refusing would earn (exit 3)', async () => {
    const cases = ['client/socks5/request/name-non-ascii', 'client/socks5/request/name-over-255'];
    const document = await runClientSuite({
      client: { kind: 'exec', template: parseClientCommand('/nonexistent/socks-client {proxy} {url}') },
      socksVersion: '5',
      groups: clientGroups,
      only: cases,
      version: 'test',
      rerun: () => '',
    });
    expect(document.results.map((r) => [r.id, r.verdict, r.kind])).toEqual(
      cases.map((id) => [id, 'ERROR', 'never-connected']),
    );
    expect(document.results[1]?.observed).toContain('could not be started');
    expect(clientExitCode(document)).toBe(3);
  });
});
