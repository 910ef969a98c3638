/**
 * The network work of a fuzz campaign without the harness: the same inputs (fast-check's runs for the seed),
 * each sent over plain sockets as the campaign sends it: each message cut into the same writes 1 ms apart, after
 * its delay, and unless pipelined after the answer the server owes (a non-pipelining client waits for it); the
 * connections of an interleaved input one write of each in turn, 2 ms apart; then the answers owed, a close the
 * 10-second rule waits for, the FIN and the server's close. Which answer is owed, it asks the campaign's model
 * (a few microseconds a case), so that both wait for the same answers and the server sees the same
 * conversations; it keeps no trace and judges nothing, and has no probes and no deadline machinery per read. A
 * floor for what the campaign's cases can cost, so the bench can say how much of a case is the harness.
 */
import net from 'node:net';
import fc from 'fast-check';
import { EchoNetwork } from '../../harness/echo/echo-network.js';
import type { Endpoint } from '../../harness/net/endpoint.js';
import { segmentLengths } from '../../harness/net/segmentation.js';
import { Command } from '../../harness/wire/constants.js';
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
import { type Judgement, judge } from '../../suites/fuzz/model.js';

/** The campaign's bounds (suites/fuzz/deliver.ts): silence that ends a wait when nothing is owed, ... */
const QUIET_MS = 10;
/** ... an answer the model expects, one it must have, ... */
const EXPECTED_MS = 2000;
const OWED_MS = 10_000;
/** ... and the server's close after the FIN. */
const FIN_WAIT_MS = EXPECTED_MS;
const MAX_RECEIVED = 64 * 1024;
const GAP_MS = 1;
/** Between two writes of interleaved connections. */
const INTERLEAVE_GAP_MS = 2;
const CONNECT_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection: what was sent and received, and a wait for the next thing to arrive. */
class RawConversation {
  readonly #sent: Buffer[] = [];
  readonly #arrivals: { end: number; at: number }[] = [];
  #received = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #fresh = false;
  closedAt: number | undefined;
  finSentAt: number | undefined;
  owedAnswerMissing = false;

  constructor(
    readonly socket: net.Socket,
    readonly credentials: EncodeContext['credentials'],
  ) {
    socket.on('data', (chunk: Buffer) => {
      if (this.full) return;
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#arrivals.push({ end: this.#received.length, at: performance.now() });
      this.#signal();
    });
    socket.on('end', () => this.#close());
    socket.on('close', () => this.#close());
    socket.on('error', () => {});
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  get full(): boolean {
    return this.#received.length >= MAX_RECEIVED;
  }

  write(bytes: Buffer): void {
    this.#sent.push(bytes);
    this.socket.write(bytes);
  }

  end(): void {
    this.finSentAt = performance.now();
    this.socket.end();
  }

  /** What the campaign's model makes of the conversation so far. */
  judgement(): Judgement {
    const arrivals = this.#arrivals;
    return judge({
      sent: Buffer.concat(this.#sent),
      received: {
        bytes: this.#received,
        arrivalOf: (offset) => (arrivals.find((a) => offset < a.end) ?? arrivals.at(-1))?.at ?? 0,
      },
      closedAt: this.closedAt,
      finSentAt: this.finSentAt,
      owedAnswerMissing: this.owedAnswerMissing,
      credentials: this.credentials,
    });
  }

  #close(): void {
    this.closedAt ??= performance.now();
    this.#signal();
  }

  #signal(): void {
    this.#fresh = true;
    this.#wake?.();
  }

  /** Until something arrives (or arrived since the last wait) or the server closes: true; false after `ms`. */
  async answer(ms: number): Promise<boolean> {
    if (this.#fresh || this.closed) {
      this.#fresh = false;
      return true;
    }
    const woken = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, ms));
      this.#wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.#wake = undefined;
    this.#fresh = false;
    return woken;
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

interface RawConnection {
  readonly socket: net.Socket;
  readonly conversation: RawConversation;
  readonly input: FuzzConversation;
  readonly messages: readonly Buffer[];
}

/** Message `index` of a connection cut into its writes, as the campaign cuts it. */
function pieces(connection: RawConnection, index: number): Buffer[] {
  const bytes = connection.messages[index]!;
  let offset = 0;
  return segmentLengths(bytes.length, segmentationOf(connection.input.messages[index]!)).map((length) => {
    offset += length;
    return bytes.subarray(offset - length, offset);
  });
}

/** Reads what arrives until the model owes nothing more, within EXPECTED_MS (deliver.ts `awaitOwedAnswer`). */
async function awaitOwedAnswer(conversation: RawConversation): Promise<void> {
  const until = performance.now() + EXPECTED_MS;
  while (!conversation.closed && !conversation.full && conversation.judgement().owed !== 'none') {
    const left = until - performance.now();
    if (left <= 0 || !(await conversation.answer(left))) return;
  }
}

/** Before message `index`: the answer owed to the ones before it (unless pipelined), then its delay. */
async function beforeMessage(connection: RawConnection, index: number): Promise<void> {
  const message = connection.input.messages[index]!;
  if (index > 0 && !message.pipelined) await awaitOwedAnswer(connection.conversation);
  if (connection.conversation.closed) return;
  if (message.delayMs) await sleep(message.delayMs);
}

/** One connection: its messages one after another, each message's writes GAP_MS apart. */
async function converse(connection: RawConnection): Promise<void> {
  for (const index of connection.input.messages.keys()) {
    await beforeMessage(connection, index);
    if (connection.conversation.closed) return;
    for (const [piece, bytes] of pieces(connection, index).entries()) {
      if (piece > 0) await sleep(GAP_MS);
      if (connection.socket.destroyed) return;
      connection.conversation.write(bytes);
    }
  }
}

/** Several connections, as the campaign interleaves them: one write of each in turn, INTERLEAVE_GAP_MS apart. */
async function interleave(connections: readonly RawConnection[]): Promise<void> {
  const writes = connections.map((connection) =>
    connection.input.messages.flatMap((_, index) =>
      pieces(connection, index).map((bytes, piece) => ({ index, first: piece === 0, bytes })),
    ),
  );
  while (writes.some((queue) => queue.length > 0)) {
    for (const [i, connection] of connections.entries()) {
      const write = writes[i]!.shift();
      if (write === undefined) continue;
      if (write.first) await beforeMessage(connection, write.index);
      if (connection.conversation.closed || connection.socket.destroyed) {
        writes[i]!.length = 0;
        continue;
      }
      connection.conversation.write(write.bytes);
      await sleep(INTERLEAVE_GAP_MS);
    }
  }
}

/**
 * After the last write, as deliver.ts `conclude`: the answers owed (then QUIET_MS of silence), the server's close
 * after a failure reply within the rule's limit, then the FIN (not after a granted BIND or UDP ASSOCIATE) and the
 * server's close within FIN_WAIT_MS.
 */
async function conclude({ conversation }: RawConnection): Promise<void> {
  const until = performance.now() + OWED_MS;
  while (!conversation.closed && !conversation.full) {
    const { owed } = conversation.judgement();
    const left = until - performance.now();
    if (left <= 0) break;
    const wait = owed === 'must' ? left : owed === 'expected' ? Math.min(left, EXPECTED_MS) : QUIET_MS;
    if (!(await conversation.answer(wait))) {
      if (owed !== 'none') conversation.owedAnswerMissing = true;
      break;
    }
  }
  const { failure, succeeded } = conversation.judgement();
  if (failure && !conversation.closed) {
    const closeBy = failure.at + failure.limitMs + 50;
    while (!conversation.closed && performance.now() < closeBy)
      await conversation.answer(closeBy - performance.now());
  }
  if (conversation.closed || succeeded === Command.BIND || succeeded === Command.UDP_ASSOCIATE) return;
  conversation.end();
  const finUntil = performance.now() + FIN_WAIT_MS;
  while (!conversation.closed && !conversation.full && performance.now() < finUntil)
    await conversation.answer(finUntil - performance.now());
}

/** Sends an input as the campaign does; false if not sent (a reading of it could leave loopback). */
async function replay(input: FuzzInput, target: Endpoint, encode: EncodeContext): Promise<boolean> {
  const encoded = encodeConversations(input, encode);
  if (!encoded.every(readsAsLoopbackOnly)) return false;
  const conversations = conversationsOf(input);
  const sockets = await Promise.all(conversations.map(() => connect(target)));
  const connections: RawConnection[] = [];
  for (const [i, socket] of sockets.entries())
    if (socket)
      connections.push({
        socket,
        conversation: new RawConversation(socket, encode.credentials),
        input: conversations[i]!,
        messages: encoded[i]!,
      });
  try {
    if (connections.length < sockets.length) return true;
    if (connections.length === 1) await converse(connections[0]!);
    else await interleave(connections);
    await Promise.all(connections.map(conclude));
  } finally {
    for (const { socket } of connections) socket.destroy();
  }
  return true;
}

export interface RawReplayPlan {
  readonly seed: number;
  /** Runs 0 … runs-1: a campaign's budget, or the runs it searched before its finding. */
  readonly runs: number;
  /** Inputs at once. */
  readonly jobs: number;
  /**
   * The echo network a campaign encoded its inputs for. Inputs name its ports, and whether a reading of an input
   * could leave loopback (then it is not sent) depends on them: with the same ports the same inputs are sent.
   * Without it, an echo network of its own.
   */
  readonly echo?: EncodeContext['echo'];
}

/** Replays the runs of `plan` as the campaign would, `jobs` at once; how many were sent and how long it took. */
export async function rawReplay(
  target: Endpoint,
  credentials: EncodeContext['credentials'],
  plan: RawReplayPlan,
): Promise<{ sent: number; seconds: number }> {
  const echo = plan.echo ? undefined : await EchoNetwork.start();
  try {
    const encode: EncodeContext = { echo: plan.echo ?? echo!.endpoints(), credentials };
    const arbitrary = fuzzInputs();
    const chunk = 256;
    let next = 0;
    let sent = 0;
    let batch: FuzzInput[] = [];
    let batchStart = 0;
    const started = performance.now();
    async function lane(): Promise<void> {
      while (next < plan.runs) {
        const index = next;
        next += 1;
        if (index >= batchStart + batch.length) {
          batchStart = index;
          batch = fc.sample(arbitrary, { seed: plan.seed, path: String(index), numRuns: chunk });
        }
        if (await replay(batch[index - batchStart]!, target, encode)) sent += 1;
      }
    }
    await Promise.all(Array.from({ length: plan.jobs }, lane));
    return { sent, seconds: (performance.now() - started) / 1000 };
  } finally {
    await echo?.close();
  }
}
