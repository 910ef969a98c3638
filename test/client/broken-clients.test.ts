import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClientUnderTest } from '../../harness/engine/client/client-under-test.js';
import { runClientSuite } from '../../harness/engine/client/run-client-suite.js';
import type { SocksVersion } from '../../harness/model/case.js';
import { explain } from '../../harness/model/outcome.js';
import type { Verdict } from '../../harness/model/verdict.js';
import { type ClientFault, clientFaultCatalogue } from '../../harness/reference/client-faults.js';
import type { ClientScheme } from '../../harness/reference/reference-client.js';
import { clientGroups } from '../../suites/client/index.js';
import { checksWithoutPass } from '../support/checks-without-pass.js';
import { levelExcessOf } from '../support/level-excess.js';
import { referenceClient, referenceUdpClient } from './reference-adapter.js';

interface Row {
  readonly case: string;
  readonly scheme: ClientScheme;
  readonly faults: readonly ClientFault[];
  readonly verdict: Verdict;
  /** Text the verdict's explanation must contain: the observation names what the broken client did. */
  readonly why?: string;
  /** The reference client in its UDP mode. */
  readonly udp?: boolean;
}

const rows = (JSON.parse(readFileSync('fixtures/clients/broken-clients.json', 'utf8')) as { rows: Row[] })
  .rows;
const allCases = clientGroups.flatMap((g) => g.cases.map((c) => c.id));
const udpCases = allCases.filter((id) => id.startsWith('client/socks5/udp/'));
/** A CONNECT-only client makes every UDP case SKIP. */
const udpSkipped = Object.fromEntries(udpCases.map((id) => [id, 'SKIP' as Verdict]));

/** The version each scheme speaks, declared as `--socks-version` would: a client that sends nothing is judged. */
const versionOf: Record<ClientScheme, SocksVersion> = {
  socks5h: '5',
  socks5: '5',
  socks4: '4',
  socks4a: '4a',
};

async function verdicts(client: ClientUnderTest, scheme: ClientScheme, only: string[] = []) {
  const document = await runClientSuite({
    client,
    socksVersion: versionOf[scheme],
    groups: clientGroups,
    only,
    jobs: 8,
    version: 'test',
    rerun: () => '',
  });
  expect(document.results.flatMap(checksWithoutPass)).toEqual([]);
  expect(document.results.flatMap(levelExcessOf)).toEqual([]);
  return Object.fromEntries(
    document.results.map((r) => [r.id, { verdict: r.verdict, why: `${explain(r)}: ${r.observed}` }]),
  );
}

/** What the correct reference client earns besides PASS: SKIP for the other version, INFO where its scheme decides. */
const referenceNotPass: Record<ClientScheme, Record<string, Verdict>> = {
  socks5h: { 'client/socks5/reply/rsv-nonzero': 'INFO', ...udpSkipped },
  socks5: {
    'client/socks5/reply/rsv-nonzero': 'INFO',
    'client/socks5/request/name-destination': 'INFO',
    'client/socks5/request/name-non-ascii': 'INFO',
    ...udpSkipped,
  },
  socks4: { 'client/socks4/request/name-destination': 'INFO' },
  socks4a: {},
};

describe('the reference client passes every client case', () => {
  for (const scheme of ['socks5h', 'socks5', 'socks4', 'socks4a'] as const) {
    it(`over ${scheme}`, async () => {
      const results = await verdicts(referenceClient(scheme), scheme);
      const own = scheme.startsWith('socks5') ? 'client/socks5/' : 'client/socks4/';
      for (const id of allCases) {
        const expected = id.startsWith(own) ? (referenceNotPass[scheme][id] ?? 'PASS') : 'SKIP';
        expect({ id, ...results[id] }).toMatchObject({ id, verdict: expected });
      }
    });
  }
});

describe('the reference UDP client passes every UDP case', () => {
  it('over socks5h', async () => {
    const results = await verdicts(referenceUdpClient(), 'socks5h', ['client/socks5/udp/*']);
    expect(udpCases.length).toBeGreaterThan(0);
    for (const id of udpCases) expect({ id, ...results[id] }).toMatchObject({ id, verdict: 'PASS' });
  });
});

describe('each broken client fails the case of the clause it breaks', () => {
  it('every case has a row, and every fault is used', () => {
    expect(allCases.filter((id) => !rows.some((r) => r.case === id))).toEqual([]);
    const used = new Set(rows.flatMap((r) => r.faults));
    expect(Object.keys(clientFaultCatalogue).filter((f) => !used.has(f as ClientFault))).toEqual([]);
    expect(rows.filter((r) => !allCases.includes(r.case))).toEqual([]);
  });

  it.concurrent.each(rows.map((r) => [`${r.case} with ${r.faults.join('+')} (${r.scheme})`, r] as const))(
    '%s',
    async (_, row) => {
      const client = row.udp ? referenceUdpClient(row.faults) : referenceClient(row.scheme, row.faults);
      const results = await verdicts(client, row.scheme, [row.case]);
      expect({ case: row.case, ...results[row.case] }).toMatchObject({
        case: row.case,
        verdict: row.verdict,
      });
      if (row.why) expect(results[row.case]?.why).toContain(row.why);
    },
  );
});
