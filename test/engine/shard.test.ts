import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../harness/model/shard.js';
import { serverGroups } from '../../suites/index.js';

const cases = serverGroups.flatMap((g) => g.cases);

describe('--shard K/N', () => {
  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/2/3', '-1/2'])
      expect(typeof parseShard(bad)).toBe('string');
  });

  it('puts every case in exactly one shard, whatever the order of the list', () => {
    for (const count of [1, 2, 3, 7]) {
      const shards = Array.from({ length: count }, (_, i) => inShard(cases, { index: i + 1, count }));
      const ids = shards.flat().map((c) => c.id);
      expect(ids.sort()).toEqual(cases.map((c) => c.id).sort());
      const reversed = Array.from({ length: count }, (_, i) =>
        inShard([...cases].reverse(), { index: i + 1, count }).map((c) => c.id),
      );
      expect(reversed.map((s) => [...s].sort())).toEqual(shards.map((s) => s.map((c) => c.id).sort()));
    }
  });

  it('splits the suite roughly evenly and keeps a case in its shard when others are deselected', () => {
    const sizes = [1, 2, 3, 4].map((index) => inShard(cases, { index, count: 4 }).length);
    for (const size of sizes) expect(size).toBeGreaterThan(cases.length / 8);
    const some = cases.filter((c) => c.id.startsWith('socks5/method/'));
    for (const c of some) expect(inShard(some, { index: shardOf(c.id, 4), count: 4 })).toContain(c);
  });
});
