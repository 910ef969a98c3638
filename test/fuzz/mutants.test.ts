import { describe, expect, it } from 'vitest';
import type { Fault } from '../../harness/reference/faults.js';
import { fuzzServer, replayServerInput } from '../../integrations/fuzz-server.js';
import { encodeConversations, encodeFuzzInput } from '../../suites/fuzz/input.js';

/** The minimal inputs below name no echo destination; encoding needs these only for one. */
const encodeContext = {
  echo: { tcpEcho4: { host: '127.0.0.1', port: 7 }, refused4: { host: '127.0.0.1', port: 9 } },
  credentials: undefined,
};

const SEED = 20261123;

/**
 * Each parser bug, the clause it is found under, and the smallest input that shows it: a greeting offering
 * NO-AUTH and the request, or the greeting's first two octets alone.
 */
const mutants = [
  {
    fault: 'undefined-cmd-succeeds',
    kind: 'violation',
    clause: 'rfc1928/4-cmd',
    what: "REP 00 for the undefined command X'00'",
    minimal: '050100' + '05000003000000',
  },
  {
    fault: 'empty-domain-crashes',
    kind: 'target-lost',
    clause: 'rfc1928/5-atyp-domain',
    what: 'the target stopped answering a clean SOCKS5 greeting after this input',
    minimal: '050100' + '05010003000000',
  },
  {
    fault: 'nmethods-over-200-wedges',
    kind: 'target-lost',
    clause: 'rfc1928/3-select-offered',
    what: 'the target stopped answering a clean SOCKS5 greeting after this input',
    minimal: '05c9',
  },
] as const;

// These compare the first finding of one case at a time and of many at once: each campaign ends there.
describe('the fuzzer on parser-bug mutants of the reference server', () => {
  it.each(mutants)(
    'finds $fault, shrinks it to the minimal input and replays it',
    async (mutant) => {
      const faults = new Set<Fault>([mutant.fault]);
      const result = await fuzzServer({
        target: { kind: 'reference', faults: [...faults] },
        seed: SEED,
        runs: 2000,
        probeTimeoutMs: 300,
        stopOnFirst: true,
        jobs: 8,
      });
      const finding = result.finding;
      expect(finding).toBeDefined();
      expect(finding!.onlyConcurrent).toBeUndefined();
      // One case at a time finds the same run and shrinks it to the same input: concurrency changes no finding.
      const alone = await fuzzServer({
        target: { kind: 'reference', faults: [...faults] },
        seed: SEED,
        runs: 2000,
        probeTimeoutMs: 300,
        stopOnFirst: true,
        jobs: 1,
      });
      expect(alone.finding).toMatchObject({
        path: finding!.path,
        kind: finding!.kind,
        clause: finding!.clause,
      });
      expect(alone.finding!.input).toEqual(finding!.input);
      expect(finding!.kind).toBe(mutant.kind);
      expect(finding!.clause).toBe(mutant.clause);
      expect(finding!.what).toContain(mutant.what);
      expect(encodeFuzzInput(finding!.input, encodeContext).toString('hex')).toBe(mutant.minimal);

      const replay = await replayServerInput(finding!.input, {
        target: { kind: 'reference', faults: [...faults] },
        probeTimeoutMs: 300,
      });
      expect(replay).toMatchObject({ reproduced: true, kind: mutant.kind, clause: mutant.clause });
      // The same input on the reference server itself is no finding.
      expect((await replayServerInput(finding!.input, { probeTimeoutMs: 300 })).reproduced).toBe(false);
    },
    120_000,
  );
});

describe('the fuzzer on a mutant whose parse state is shared between connections', () => {
  it('finds auth-state-shared (as npm socksv5 0.0.6) with two connections interleaved, and replays it', async () => {
    const faults = new Set<Fault>(['auth-state-shared']);
    const result = await fuzzServer({
      target: { kind: 'reference', faults: [...faults] },
      seed: SEED,
      runs: 2000,
      probeTimeoutMs: 300,
      stopOnFirst: true,
      jobs: 8,
    });
    const finding = result.finding;
    expect(finding).toMatchObject({ kind: 'target-lost', clause: 'rfc1929/2-verify' });
    expect(finding!.onlyConcurrent).toBeUndefined();
    const alone = await fuzzServer({
      target: { kind: 'reference', faults: [...faults] },
      seed: SEED,
      runs: 2000,
      probeTimeoutMs: 300,
      stopOnFirst: true,
      jobs: 1,
    });
    expect(alone.finding).toMatchObject({
      path: finding!.path,
      kind: finding!.kind,
      clause: finding!.clause,
    });
    expect(alone.finding!.input).toEqual(finding!.input);
    // Shrunk to two connections that each offer USERNAME/PASSWORD alone and send one octet after the selection:
    // the second octet arrives while the first connection's RFC 1929 request is partial.
    const sent = encodeConversations(finding!.input, encodeContext).map((c) =>
      Buffer.concat(c).toString('hex'),
    );
    expect(sent).toHaveLength(2);
    for (const octets of sent) expect(octets).toMatch(/^050102[0-9a-f]{2}$/);

    const replay = await replayServerInput(finding!.input, {
      target: { kind: 'reference', faults: [...faults] },
      probeTimeoutMs: 300,
    });
    expect(replay).toMatchObject({ reproduced: true, kind: 'target-lost', clause: 'rfc1929/2-verify' });
    // One connection at a time the mutant is the reference: only the interleaving brings it down.
    const { alongside, ...first } = finding!.input;
    expect(
      (
        await replayServerInput(first, {
          target: { kind: 'reference', faults: [...faults] },
          probeTimeoutMs: 300,
        })
      ).reproduced,
    ).toBe(false);
    expect((await replayServerInput(finding!.input, { probeTimeoutMs: 300 })).reproduced).toBe(false);
    expect(alongside).toHaveLength(1);
  }, 120_000);
});
