/**
 * Messages of several connections written in interleaved pieces: the first piece of each connection's message in
 * turn, then the second of each, and so on, with a pause after every write so that the server reads each piece
 * on its own. A server that keeps parse state per server instead of per connection (npm socksv5 0.0.6 keeps the
 * RFC 1929 UNAME and PASSWD it is reading so) reads one connection's piece into another's message.
 */
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { sleep } from '../../../harness/net/timers.js';
import type { CaseContext } from '../../../harness/runner/case.js';

/** Long enough for a server on a busy host to read a piece before the next connection's piece arrives. */
const PAUSE_MS = 20;

/** `message` cut into `count` pieces of nearly equal length (fewer when it is shorter than that). */
export function pieces(message: Uint8Array, count: number): Buffer[] {
  const bytes = Buffer.from(message);
  const n = Math.max(1, Math.min(count, bytes.length));
  return Array.from({ length: n }, (_, i) =>
    bytes.subarray(Math.floor((i * bytes.length) / n), Math.floor(((i + 1) * bytes.length) / n)),
  );
}

/** Writes the `i`-th piece of every connection's message, for each `i` in turn. */
export async function writeInterleaved(
  context: CaseContext,
  writes: readonly { readonly probe: TcpProbe; readonly pieces: readonly Buffer[] }[],
): Promise<void> {
  const rounds = Math.max(...writes.map((w) => w.pieces.length));
  for (let round = 0; round < rounds; round++) {
    for (const { probe, pieces } of writes) {
      const piece = pieces[round];
      if (piece === undefined) continue;
      await probe.send(piece);
      await sleep(context.ms(PAUSE_MS));
    }
  }
}
