import { describe, expect, it } from 'vitest';
import { rerunCommand } from '../../harness/session/rerun.js';
import { runOptions } from '../../harness/session/run-options.js';

const address = { kind: 'address', endpoint: { host: '127.0.0.1', port: 1080 } } as const;

describe('the re-run line of a case', () => {
  it('carries every option that decides a verdict, and names the credential variables, never their values', () => {
    const options = runOptions({
      target: address,
      credentials: { username: 'alice', password: 'pw-3f9a' },
      expect: ['udp', 'bind'],
      strict: true,
      echoHost: '127.0.0.5',
      altSource: '127.0.0.9',
      timeoutMultiplier: 2.5,
    });
    const line = rerunCommand(options, 'socks5/method/select-offered', { profileFile: 'ci/profile.json' });
    expect(line).toBe(
      'npx socks-conformance --target 127.0.0.1:1080 --profile ci/profile.json --expect udp,bind --strict ' +
        '--echo-host 127.0.0.5 --alt-source 127.0.0.9 --timeout-multiplier 2.5 ' +
        '--user "$SOCKS_CONFORMANCE_USER" --password "$SOCKS_CONFORMANCE_PASSWORD" ' +
        '--only socks5/method/select-offered',
    );
    expect(line).not.toContain('alice');
    expect(line).not.toContain('pw-3f9a');
  });

  it('leaves out what is the default, and keeps the scheme of a run restricted by a target URL', () => {
    expect(rerunCommand(runOptions({ target: address }), 'a/b')).toBe(
      'npx socks-conformance --target 127.0.0.1:1080 --only a/b',
    );
    expect(rerunCommand(runOptions({ target: address, versions: ['4', '4a'] }), 'a/b')).toBe(
      'npx socks-conformance --target socks4a://127.0.0.1:1080 --only a/b',
    );
    expect(
      rerunCommand(runOptions({ target: { kind: 'reference', faults: ['select-unoffered-method'] } }), 'a/b'),
    ).toBe('npx socks-conformance --reference-fault select-unoffered-method --only a/b');
  });
});
