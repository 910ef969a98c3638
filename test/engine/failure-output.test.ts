import { describe, expect, it } from 'vitest';
import { FailureOutputWatch } from '../../harness/engine/client/failure-output.js';

describe('the --failure-output watch', () => {
  it('finds a match split across chunks, far beyond what stdout keeps', () => {
    const watch = new FailureOutputWatch(/"errorCode":"ERR_[A-Z_]+"/u);
    watch.add('x'.repeat(300_000));
    watch.add('{"errorCode":"ERR_SOCKS_CON');
    expect(watch.match).toBeUndefined();
    watch.add('NECTION_FAILED","x":1}');
    expect(watch.match).toBe('"errorCode":"ERR_SOCKS_CONNECTION_FAILED"');
  });

  it('keeps the first match', () => {
    const watch = new FailureOutputWatch(/failed: \w+/u);
    watch.add('failed: one\n');
    watch.add('failed: two\n');
    expect(watch.match).toBe('failed: one');
  });
});
