import { beforeAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../../harness/model/result.js';
import { applyBaseline } from '../../harness/report/baseline.js';
import { caseSetHash, conformanceStatement, formatCertificate } from '../../harness/report/certify.js';
import { runReference } from './real-runs.js';

const only = ['socks5/method/*', 'socks5/request/*'];

describe('the certification report', () => {
  let reference: RunDocument;
  let mutant: RunDocument;
  beforeAll(async () => {
    [reference, mutant] = await Promise.all([
      runReference([], only),
      runReference(['select-unoffered-method'], only),
    ]);
  }, 60_000);

  it('states conformance for the reference, non-conformance for a mutant, and documented deviations as such', () => {
    const product = { product: 'Example Proxy', productVersion: '2.1' };
    expect(conformanceStatement(reference, product)).toMatch(
      /^Example Proxy 2\.1 conforms to every MUST-level clause of RFC 1928 tested by socks-conformance test, case set sha256:[0-9a-f]{12}…; \d+ of \d+ SHOULD-level clauses met\.$/,
    );
    expect(conformanceStatement(mutant, product)).toMatch(
      /^Example Proxy 2\.1 does not conform to \d+ MUST-level/,
    );
    const failures = mutant.results.filter((r) => r.verdict === 'FAIL');
    const justified = applyBaseline(
      mutant,
      { knownFailures: failures.map((r) => ({ id: r.id, reason: `reason for ${r.id}` })) },
      'b.json',
    );
    expect(conformanceStatement(justified, product)).toMatch(
      /conforms to every MUST-level .* with \d+ documented deviation/,
    );
    const page = formatCertificate(justified, product);
    for (const r of failures) expect(page).toContain(`reason for ${r.id}`);
    expect(conformanceStatement({ ...reference, complete: false }, product)).toContain('no statement');
  });

  it('names product, version, tool, case-set hash, date, target and profile, grouped by MUST, SHOULD, MAY', () => {
    const page = formatCertificate(
      { ...mutant, expect: ['bind', 'udp'] },
      { product: '<b>Acme</b> & Co', productVersion: '9' },
    );
    expect(page).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Co');
    expect(page).not.toContain('<b>Acme');
    for (const text of [
      caseSetHash(mutant),
      mutant.startedAt,
      mutant.target,
      'bind, udp',
      'socks-conformance test',
    ])
      expect(page).toContain(text);
    const must = page.indexOf('<h2>MUST');
    const should = page.indexOf('<h2>SHOULD');
    const may = page.indexOf('<h2>MAY');
    expect(must).toBeGreaterThan(0);
    expect(should).toBeGreaterThan(must);
    expect(may).toBeGreaterThan(should);
    expect(page).toContain('none given');
  });

  it('hashes the case set, not the run: the same cases give the same hash', () => {
    expect(caseSetHash(reference)).toBe(caseSetHash(mutant));
    expect(caseSetHash({ ...reference, results: reference.results.slice(1) })).not.toBe(
      caseSetHash(reference),
    );
  });
});
