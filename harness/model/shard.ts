import { createHash } from 'node:crypto';

/** One of `count` machines running part of a selection (`--shard K/N`: index K, 1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a shard's report records, so that `merge` can check the shards belong together. */
export interface ShardInfo extends Shard {
  /** A digest of the whole selection's case ids before sharding: equal for every shard of one run. */
  readonly caseSet: string;
  readonly selectedCases: number;
}

/** `K/N` with 1 ≤ K ≤ N; an error message otherwise. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return `--shard ${text}: expected K/N, e.g. 2/4`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: K must be between 1 and N`;
  return { index, count };
}

/**
 * The shard (1-based) a case belongs to: from a hash of its id alone, so the split does not depend on case order
 * or on which other cases are selected, and every case is in exactly one shard. A case's variants have ids of
 * their own and may land in other shards.
 */
export function shardOf(id: string, count: number): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) % count) + 1;
}

export function inShard<T extends { readonly id: string }>(cases: readonly T[], shard: Shard): T[] {
  return cases.filter((c) => shardOf(c.id, shard.count) === shard.index);
}

export function shardInfo(selected: readonly { readonly id: string }[], shard: Shard): ShardInfo {
  const ids = selected.map((c) => c.id).sort();
  const caseSet = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
  return { ...shard, caseSet, selectedCases: ids.length };
}
