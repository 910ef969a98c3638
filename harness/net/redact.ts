/**
 * Where a secret (an RFC 1929 password) shows in recorded octets or in text, so that no report keeps it, whoever
 * sent it: the harness, or a target that echoes it back. A truncation counts as the secret: a run of at least
 * `TRUNCATION_OCTETS` octets that begins it (a target that echoes part of it, a dump cut short).
 */

export const TRUNCATION_OCTETS = 4;

/** Shorter secrets are redacted in octets but not looked for in text, where they are indistinguishable from words. */
export const TEXT_SECRET_OCTETS = 4;

/** The note of a part whose octets were a secret's. */
export const REDACTED_NOTE = 'password octets, redacted';

/** The octets of each non-empty password given, once each. */
export function secretsOf(passwords: readonly (string | undefined)[]): Buffer[] {
  const distinct = new Set(passwords.filter((p): p is string => p !== undefined && p.length > 0));
  return [...distinct].map((p) => Buffer.from(p, 'utf8'));
}

export type Range = readonly [start: number, end: number];

/** The ranges `[start, end)` of `bytes` that hold a secret or a truncation of one, merged and in order. */
export function secretRanges(bytes: Uint8Array, secrets: readonly Uint8Array[]): Range[] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < bytes.length; i++) {
    let longest = 0;
    for (const secret of secrets) {
      let n = 0;
      while (n < secret.length && i + n < bytes.length && bytes[i + n] === secret[n]) n++;
      if (n === secret.length || n >= TRUNCATION_OCTETS) longest = Math.max(longest, n);
    }
    if (longest === 0) continue;
    const last = ranges.at(-1);
    if (last && i <= last[1]) last[1] = Math.max(last[1], i + longest);
    else ranges.push([i, i + longest]);
  }
  return ranges;
}

/** The ranges of a stream that fall in its window `[offset, offset + length)`, relative to the window. */
export function rangesWithin(ranges: readonly Range[], offset: number, length: number): Range[] {
  return ranges
    .map(([start, end]): Range => [Math.max(start, offset) - offset, Math.min(end, offset + length) - offset])
    .filter(([start, end]) => end > start);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `a(?:b(?:c)?)?` for the tokens `a b c` from `required` on: any prefix of at least `required` tokens. */
function prefixPattern(tokens: readonly string[], required: number, separator: string): string {
  const head = tokens.slice(0, required).join(separator);
  const tail = tokens.slice(required).reduceRight((rest, token) => `(?:${separator}${token}${rest})?`, '');
  return head + tail;
}

interface TextForm {
  readonly pattern: RegExp;
  readonly replace: (match: string, following: string) => string;
}

/** The forms a secret takes in text, each with what stands in for it. */
function textForms(secret: Buffer): TextForm[] {
  const hex = Array.from(secret, (b) => b.toString(16).padStart(2, '0'));
  const required = Math.min(secret.length, TRUNCATION_OCTETS);
  const octetsIn = (match: string) => match.replace(/[^0-9a-f]/gi, '').length / 2;
  const forms: TextForm[] = [
    {
      pattern: new RegExp(`(?<![0-9a-f])${prefixPattern(hex, required, ' ')}(?![0-9a-f])`, 'gi'),
      replace: (match) => Array.from({ length: octetsIn(match) }, () => 'xx').join(' '),
    },
    {
      pattern: new RegExp(prefixPattern(hex, required, ''), 'gi'),
      replace: (match) => 'xx'.repeat(octetsIn(match)),
    },
  ];
  const base64 = secret.toString('base64');
  for (const encoded of new Set([base64, base64.replace(/=+$/, '')]))
    forms.push({ pattern: new RegExp(escapeRegExp(encoded), 'g'), replace: () => '<redacted base64>' });
  const texts = new Set([
    secret.toString('utf8'),
    secret.toString('latin1'),
    JSON.stringify(secret.toString('utf8')).slice(1, -1),
  ]);
  for (const text of texts) {
    const chars = Array.from(text, escapeRegExp);
    const full = chars.length;
    forms.push({
      pattern: new RegExp(`${prefixPattern(chars, Math.min(full, TRUNCATION_OCTETS), '')}(?=(.?))`, 'gu'),
      // A truncated one is the secret only where the text was cut: before an ellipsis, a quote, or the end.
      replace: (match, following) =>
        Array.from(match).length === full || /^(?:…|"|)$/.test(following)
          ? `<redacted: ${Buffer.byteLength(match)} octets>`
          : match,
    });
  }
  return forms;
}

/** Replaces every secret in a text (as text, hex with or without spaces, base64) with a marker. */
export function textRedactor(secrets: readonly Uint8Array[]): (text: string) => string {
  const forms = secrets
    .filter((secret) => secret.length >= TEXT_SECRET_OCTETS)
    .flatMap((secret) => textForms(Buffer.from(secret)));
  return (text) =>
    forms.reduce(
      (redacted, form) =>
        redacted.replace(form.pattern, (match, following) =>
          form.replace(match, typeof following === 'string' ? following : ''),
        ),
      text,
    );
}

/** `value` with every secret in its strings replaced by a marker, objects and arrays copied. */
export function redactStrings<T>(value: T, secrets: readonly Uint8Array[]): T {
  if (secrets.length === 0) return value;
  const redact = textRedactor(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}
