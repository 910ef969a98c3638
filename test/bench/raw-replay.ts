/**
 * The network work of a fuzz campaign without the harness: the same inputs (fast-check's runs for the seed),
 * each sent over a plain socket as the campaign sends it (each message cut into the same writes 1 ms apart,
 * after its delay, after the server's answer unless pipelined), then the FIN and the server's close. No trace,
 * no judgement, no probes, no deadline per read: a floor for what the campaign's cases can cost, so the bench
 * can say how much of a case is the harness and how much the conversation itself.
 */
import net from 'node:net';
import fc from 'fast-check';
import { EchoNetwork } from '../../harness/echo/echo-network.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import { segmentLengths } from '../../harness/net/segmentation.js';
import { fuzzInputs } from '../../suites/fuzz/generators.js';
import {
  conversationsOf,
  type EncodeContext,
  encodeConversations,
  type FuzzConversation,
  type FuzzInput,
  segmentationOf,
} from '../../suites/fuzz/input.js';
import { readsAsLoopbackOnly } from '../../suites/fuzz/loopback-guard.js';

/** How long the raw client waits for an answer before it goes on, as the campaign's quiet wait. */
const QUIET_MS = 10;
/** After the FIN: at most this long for the server's close (the campaign's bound). */
const CLOSE_MS = 1000;
const GAP_MS = 1;
const CONNECT_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class RawConversation {
  #wake: (() => void) | undefined;
  #fresh = false;
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('data', () => this.#signal());
    socket.on('end', () => this.#signal());
    socket.on('close', () => {
      this.closed = true;
      this.#signal();
    });
    socket.on('error', () => {});
  }

  #signal(): void {
    this.#fresh = true;
    this.#wake?.();
  }

  /** Until something arrives (or arrived since the last wait), the socket closes, or `ms` pass. */
  async answer(ms: number): Promise<void> {
    if (this.#fresh || this.closed) {
      this.#fresh = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
    this.#fresh = false;
  }
}

/** A connected socket, or undefined if the target refused or did not accept within the campaign's 3 s. */
function connect(target: Endpoint): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, CONNECT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/** Sends an input's connections at once (interleaved inputs without the campaign's turns); false if not sent. */
async function replay(input: FuzzInput, target: Endpoint, encode: EncodeContext): Promise<boolean> {
  const encoded = encodeConversations(input, encode);
  if (!encoded.every(readsAsLoopbackOnly)) return false;
  await Promise.all(conversationsOf(input).map((c, i) => replayConversation(c, encoded[i]!, target)));
  return true;
}

async function replayConversation(
  input: FuzzConversation,
  messages: readonly Buffer[],
  target: Endpoint,
): Promise<void> {
  const socket = await connect(target);
  if (!socket) return;
  const conversation = new RawConversation(socket);
  try {
    for (const [index, message] of input.messages.entries()) {
      if (index > 0 && !message.pipelined) await conversation.answer(QUIET_MS);
      if (conversation.closed) break;
      if (message.delayMs) await sleep(message.delayMs);
      let offset = 0;
      for (const [piece, length] of segmentLengths(
        messages[index]!.length,
        segmentationOf(message),
      ).entries()) {
        if (piece > 0) await sleep(GAP_MS);
        if (socket.destroyed) break;
        socket.write(messages[index]!.subarray(offset, offset + length));
        offset += length;
      }
    }
    await conversation.answer(QUIET_MS);
    if (!conversation.closed) {
      socket.end();
      const until = performance.now() + CLOSE_MS;
      while (!conversation.closed && performance.now() < until)
        await conversation.answer(until - performance.now());
    }
  } finally {
    socket.destroy();
  }
}

/** Replays runs 0 … runs-1 of the seed, `jobs` at once; how many were sent and how long it took. */
export async function rawReplay(
  target: Endpoint,
  credentials: EncodeContext['credentials'],
  runs: number,
  seed: number,
  jobs: number,
): Promise<{ sent: number; seconds: number }> {
  const echo = await EchoNetwork.start();
  try {
    const encode: EncodeContext = { echo: echo.endpoints(), credentials };
    const arbitrary = fuzzInputs();
    const chunk = 256;
    let next = 0;
    let sent = 0;
    let batch: FuzzInput[] = [];
    let batchStart = 0;
    const started = performance.now();
    async function lane(): Promise<void> {
      while (next < runs) {
        const index = next;
        next += 1;
        if (index >= batchStart + batch.length) {
          batchStart = index;
          batch = fc.sample(arbitrary, { seed, path: String(index), numRuns: chunk });
        }
        if (await replay(batch[index - batchStart]!, target, encode)) sent += 1;
      }
    }
    await Promise.all(Array.from({ length: jobs }, lane));
    return { sent, seconds: (performance.now() - started) / 1000 };
  } finally {
    await echo.close();
  }
}
