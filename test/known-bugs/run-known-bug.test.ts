import { describe, expect, it } from 'vitest';
import type { KnownBug } from './catalogue.js';
import { runKnownBug } from './run-known-bug.js';

/**
 * An emulated client bug: the reference client with `fault`, which a client that reads BND only for ATYP 01
 * (the `assumes-ipv4-bnd` fault) shows on client/socks5/reply/bnd-domain.
 */
function emulated(fault: string, because?: string): KnownBug {
  return {
    id: 'reads-ipv4-bnd-only',
    implementation: 'the reference client',
    affected: 'a fault switch',
    role: 'client',
    trigger: 'a success reply whose BND is a name',
    symptom: 'reads 10 octets whatever ATYP says',
    sources: ['https://example.invalid/'],
    obtain: { from: 'emulation', fault, why: 'a test of the runner' },
    run: { referenceClient: 'socks5h' },
    catchers: [{ case: 'client/socks5/reply/bnd-domain', caught: ['FAIL'], ...(because ? { because } : {}) }],
    confirmed: 'broken-clients.json',
  };
}

describe('a known bug is judged by what its catchers saw', () => {
  it('caught: the case FAILs the client with the fault', async () => {
    const outcome = await runKnownBug(emulated('assumes-ipv4-bnd'));
    expect(outcome).toMatchObject({ status: 'caught', version: 'emulated', reason: '' });
    expect(outcome.catchers).toMatchObject([{ observed: 'FAIL', caught: true }]);
  });

  it('not caught: a fault elsewhere leaves the case passing', async () => {
    const outcome = await runKnownBug(emulated('udp-header-rsv-nonzero'));
    expect(outcome.status).toBe('not caught');
    expect(outcome.catchers).toMatchObject([{ observed: 'PASS', caught: false, expected: 'FAIL' }]);
  });

  it('not caught: the verdict came, but not for the catalogued reason', async () => {
    const outcome = await runKnownBug(emulated('assumes-ipv4-bnd', 'no such words in any outcome'));
    expect(outcome.status).toBe('not caught');
    expect(outcome.catchers[0]).toMatchObject({ observed: 'FAIL', caught: false });
    expect(outcome.catchers[0]!.detail).toMatch(/^not for the catalogued reason/);
  });

  it('case missing: a fault this build does not have is reported, not run', async () => {
    const outcome = await runKnownBug(emulated('no-such-fault'));
    expect(outcome).toMatchObject({
      status: 'case missing',
      reason: 'not in this build of the suite: reference client fault no-such-fault',
    });
  });
});
