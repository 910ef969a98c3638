/**
 * How a message is cut into writes: in one write, one byte per write, in given chunk lengths (any remainder goes
 * in one last write), or cut at random points chosen by a seeded generator so a failing run can be repeated.
 */
export type Segmentation = 'whole' | 'bytewise' | { chunks: number[] } | { random: number };

const MAX_RANDOM_PIECES = 8;

/** The lengths of the writes that send `total` bytes under `how`; they sum to `total`. */
export function segmentLengths(total: number, how: Segmentation): number[] {
  if (total <= 0) return [];
  if (how === 'whole') return [total];
  if (how === 'bytewise') return Array.from({ length: total }, () => 1);
  if ('chunks' in how) return givenChunks(total, how.chunks);
  return randomCuts(total, how.random);
}

function givenChunks(total: number, chunks: number[]): number[] {
  const lengths: number[] = [];
  let remaining = total;
  for (const chunk of chunks) {
    if (remaining === 0) break;
    if (!Number.isInteger(chunk) || chunk <= 0) continue;
    const length = Math.min(chunk, remaining);
    lengths.push(length);
    remaining -= length;
  }
  if (remaining > 0) lengths.push(remaining);
  return lengths;
}

function randomCuts(total: number, seed: number): number[] {
  if (total === 1) return [1];
  const random = mulberry32(seed);
  const pieces = 2 + Math.floor(random() * Math.min(total - 1, MAX_RANDOM_PIECES - 1));
  const cuts = new Set<number>();
  if (total - 1 <= MAX_RANDOM_PIECES) {
    const positions = Array.from({ length: total - 1 }, (_, i) => i + 1);
    shuffle(positions, random);
    for (const p of positions.slice(0, pieces - 1)) cuts.add(p);
  } else {
    while (cuts.size < pieces - 1) cuts.add(1 + Math.floor(random() * (total - 1)));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const lengths: number[] = [];
  let previous = 0;
  for (const cut of [...sorted, total]) {
    lengths.push(cut - previous);
    previous = cut;
  }
  return lengths;
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const item = items[i]!;
    items[i] = items[j]!;
    items[j] = item;
  }
}

/** A small seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
