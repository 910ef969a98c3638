import { describe, expect, it } from 'vitest';
import { annotate } from '../../harness/net/annotate.js';
import { formatTrace } from '../../harness/net/hexdump.js';
import { secretRanges, secretsOf, textRedactor } from '../../harness/net/redact.js';
import { Trace } from '../../harness/net/trace.js';
import { unrelatedPassword } from '../../suites/server/support/rfc1929-credentials.js';

const secrets = secretsOf(['Zq7-secret']);
const redactText = (text: string, s: readonly Uint8Array[]) => textRedactor(s)(text);

describe('secret octets', () => {
  it('are found whole and truncated to 4 octets or more, never shorter', () => {
    const bytes = Buffer.from('..Zq7-secret..Zq7-s..Zq7.');
    expect(secretRanges(bytes, secrets)).toEqual([
      [2, 12],
      [14, 19],
    ]);
  });

  it('are redacted in a received stream even when split over chunks, lengths kept', () => {
    const trace = new Trace();
    trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.from('01 Zq7-se', 'latin1') });
    trace.record({ type: 'data', conn: 'c1', dir: 'received', bytes: Buffer.from('cret', 'latin1') });
    const events = annotate(trace, undefined, secrets);
    const text = formatTrace(events);
    expect(text).not.toMatch(/5a 71|63 72 65 74/);
    expect(text).toContain('password octets, redacted');
    expect(events.flatMap((e) => (e.type === 'data' ? e.annotation : []))).toEqual([
      { octets: '303120', note: '' },
      { redacted: 6, note: 'password octets, redacted' },
      { redacted: 4, note: 'password octets, redacted' },
    ]);
  });
});

describe('secret text', () => {
  it('is replaced as text, as hex with or without spaces in any case, and as base64', () => {
    const hex = Buffer.from('Zq7-secret').toString('hex');
    const text = [
      'Zq7-secret',
      hex.toUpperCase(),
      hex.match(/../g)!.join(' '),
      Buffer.from('Zq7-secret').toString('base64'),
      `[${hex.slice(0, 12).match(/../g)!.join(' ')} …]`,
      '"Zq7-se"',
    ].join(' | ');
    const redacted = redactText(text, secrets);
    expect(redacted).toBe(
      '<redacted: 10 octets> | xxxxxxxxxxxxxxxxxxxx | xx xx xx xx xx xx xx xx xx xx | <redacted base64> | ' +
        '[xx xx xx xx xx xx …] | "<redacted: 6 octets>"',
    );
  });

  it('keeps words that only begin like the secret', () => {
    expect(redactText('Zq7-s is not cut here', secrets)).toBe('Zq7-s is not cut here');
  });
});

describe('a wrong password', () => {
  it.each(['conformance', '~~~~', 'a~b^c', ''])('shares nothing with %j', (password) => {
    const wrong = unrelatedPassword(password);
    expect(wrong).not.toBe(password);
    expect(wrong.includes(password) && password !== '').toBe(false);
    expect(password.includes(wrong)).toBe(false);
    expect([...wrong].some((c) => password.includes(c))).toBe(false);
  });
});
