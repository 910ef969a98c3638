import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loopbackResolver, nxdomainAnswer, withLoopbackResolver } from './loopback-resolver.js';

/** Runs `argv` to completion (10 s at most) without blocking the loop the name server answers on. */
function run(argv: readonly string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { timeout: 10_000, killSignal: 'SIGKILL' });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

describe('servers started by the tests resolve on loopback only', () => {
  it('see a resolv.conf whose only name server is the loopback one, and leave the host its own', async () => {
    const before = readFileSync('/etc/resolv.conf', 'utf8');
    const { address } = await loopbackResolver();
    const inside = await run(await withLoopbackResolver(['cat', '/etc/resolv.conf']));
    expect(inside.status).toBe(0);
    const servers = inside.stdout.split('\n').filter((line) => line.startsWith('nameserver'));
    expect(servers).toEqual([`nameserver ${address}`]);
    expect(address.startsWith('127.')).toBe(true);
    expect(readFileSync('/etc/resolv.conf', 'utf8')).toBe(before);
  });

  it('resolve localhost from the hosts file, and get NXDOMAIN for a name under .invalid from loopback', async () => {
    const resolver = await loopbackResolver();
    const localhost = await run(await withLoopbackResolver(['getent', 'ahostsv4', 'localhost']));
    expect(localhost.stdout).toContain('127.0.0.1');
    const before = resolver.answered;
    const invalid = await run(
      await withLoopbackResolver(['getent', 'hosts', 'socks-conformance-nonexistent.invalid']),
    );
    // getent: 2 is "not found" (NXDOMAIN), where an unreachable name server would be a temporary failure.
    expect(invalid.status).toBe(2);
    expect(resolver.answered).toBeGreaterThan(before);
  });

  it('keep the PID of the command: the shell execs it (PID 1 of a new PID namespace, not a child of it)', async () => {
    const shown = await run(await withLoopbackResolver(['sh', '-c', 'echo $$'], ['--pid', '--fork']));
    expect(shown.stdout.trim()).toBe('1');
  });

  it('answer a query with its ID, flags and question, NXDOMAIN, and ignore what is no query', () => {
    const query = Buffer.from(
      'abcd01000001000000000001' + '0378797a07696e76616c696400' + '00010001' + '0000291000000000000000',
      'hex',
    );
    const answer = nxdomainAnswer(query)!;
    expect(answer.toString('hex')).toBe(
      'abcd81830001000000000000' + '0378797a07696e76616c696400' + '00010001',
    );
    expect(nxdomainAnswer(answer)).toBeUndefined();
    expect(nxdomainAnswer(Buffer.from('abcd0100', 'hex'))).toBeUndefined();
    expect(nxdomainAnswer(Buffer.from('abcd01000001000000000000' + '05787a', 'hex'))).toBeUndefined();
  });
});
