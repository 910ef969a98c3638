import { describe, expect, it } from 'vitest';
import { commandArgv, parseTargetCommand } from '../../harness/target/command-line.js';

describe('a --target-cmd command line', () => {
  it('runs without a shell when it has no shell syntax, with {port} and {host} filled in', () => {
    const command = parseTargetCommand('microsocks -i {host} -p {port}');
    expect(command.shell).toBe(false);
    expect(commandArgv(command, { host: '127.0.0.1', port: 4321 })).toEqual({
      file: 'microsocks',
      args: ['-i', '127.0.0.1', '-p', '4321'],
    });
  });

  it('runs under /bin/sh -c when it needs a shell', () => {
    const command = parseTargetCommand("FOO=1 server --port={port} 2>&1 | tee 'log'");
    expect(command.shell).toBe(true);
    expect(commandArgv(command, { host: '127.0.0.1', port: 9 })).toEqual({
      file: '/bin/sh',
      args: ['-c', "FOO=1 server --port=9 2>&1 | tee 'log'"],
    });
  });

  it('refuses a command without {port}, with an unknown placeholder, or empty', () => {
    expect(() => parseTargetCommand('microsocks -p 1080')).toThrow(/needs \{port\}/);
    expect(() => parseTargetCommand('server {port} {user}')).toThrow(/unknown placeholder \{user\}/);
    expect(() => parseTargetCommand('  ')).toThrow(/needs a command/);
  });
});
