/**
 * Messages of several connections written in interleaved pieces: the first piece of each connection's message in
 * turn, then the second of each, and so on, with a pause after every write so that the server reads each piece
 * on its own. A server that keeps parse state per server instead of per connection (npm socksv5 0.0.6 keeps the
 * RFC 1929 UNAME and PASSWD it is reading so) reads one connection's piece into another's message.
 */

import type { CaseContext } from '../../../harness/model/case.js';
import type { Check } from '../../../harness/model/outcome.js';
import type { TcpProbe } from '../../../harness/net/tcp-probe.js';
import { sleep } from '../../../harness/net/timers.js';

/** Long enough for a server on a busy host to read a piece before the next connection's piece arrives. */
const PAUSE_MS = 20;
/** Pieces per message: the first and last of a connection's pieces have another connection's between them. */
const PIECES = 3;

/** `message` cut into `count` pieces of nearly equal length (fewer when it is shorter than that). */
function pieces(message: Uint8Array, count: number): Buffer[] {
  const bytes = Buffer.from(message);
  const n = Math.max(1, Math.min(count, bytes.length));
  return Array.from({ length: n }, (_, i) =>
    bytes.subarray(Math.floor((i * bytes.length) / n), Math.floor(((i + 1) * bytes.length) / n)),
  );
}

/** Writes the `i`-th piece of every connection's message, for each `i` in turn. */
async function writeInterleaved(
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

/**
 * One connection per message, each brought to where its message belongs by `open`, one after another (so that
 * only these messages interleave); then the messages in interleaved pieces. The probes, in the messages' order,
 * or the check of a connection that could not be brought there.
 */
export async function interleaveOnNewConnections(
  context: CaseContext,
  open: () => Promise<{ readonly probe: TcpProbe } | { readonly check: Check }>,
  messages: readonly Uint8Array[],
): Promise<TcpProbe[] | { readonly check: Check }> {
  const probes: TcpProbe[] = [];
  for (const _ of messages) {
    const opened = await open();
    if ('check' in opened) return opened;
    probes.push(opened.probe);
  }
  await writeInterleaved(
    context,
    messages.map((message, i) => ({ probe: probes[i]!, pieces: pieces(message, PIECES) })),
  );
  return probes;
}
