/**
 * Delivers one fuzz input to a server and records the conversation: each message after its (bounded) delay, cut
 * into writes by its random segmentation; then the answers, waiting only as long as the model says one is owed;
 * the 10-second rule after a failure reply; then the client's FIN and the server's close. Every wait is bounded.
 * An input with connections alongside opens them all, writes one write of each in turn, and judges each
 * connection's conversation on its own.
 */
import type { Endpoint } from '../../harness/net/endpoint.js';
import { segmentLengths } from '../../harness/net/segmentation.js';
import { openTcp, type ReadResult, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { sleep } from '../../harness/net/timers.js';
import { Trace } from '../../harness/net/trace.js';
import { Command } from '../../harness/wire/constants.js';
import {
  conversationsOf,
  type EncodeContext,
  encodeConversations,
  type FuzzConversation,
  type FuzzInput,
  segmentationOf,
} from './input.js';
import { readsAsLoopbackOnly } from './loopback-guard.js';
import { type Judgement, judge, type Received } from './model.js';

export interface DeliverOptions {
  readonly target: Endpoint;
  readonly encode: EncodeContext;
  /** Scales a deadline (`--timeout-multiplier`). */
  ms(milliseconds: number): number;
  /** How long silence means the server has nothing more to say, when it owes nothing (default 10 ms). */
  readonly quietMs?: number;
  /** Where to record the conversation (default: a trace of its own), its connections named `c1`, `c2`, … */
  readonly trace?: Trace;
  /** … or with this letter instead of `c`, beside other connections in the same trace. */
  readonly connLetter?: string;
}

export type Delivered =
  | { readonly kind: 'unreachable'; readonly reason: string; readonly trace: Trace }
  /** A reading of the input would send the target off loopback (see loopback-guard.ts). */
  | { readonly kind: 'not-sent'; readonly trace: Trace }
  /** One judgement per connection, the input's own first. */
  | { readonly kind: 'delivered'; readonly trace: Trace; readonly judgements: readonly Judgement[] };

/** How long a server may take over an answer it owes (the issue's bound, and RFC 1928's 10 s). */
const OWED_MS = 10_000;
/** How long to wait for an answer whose absence is no finding (a slow resolver, a lenient server's silence). */
const EXPECTED_MS = 2_000;
/**
 * After the client's FIN: how long to collect what the server still says before closing. It owes nothing then,
 * so this is the bound of an answer whose absence is no finding; a shorter one let a loaded host's late answer
 * to a cut greeting go unseen, and a replayed finding pass.
 */
const FIN_WAIT_MS = EXPECTED_MS;
/** Octets of answers kept per connection; a server that floods is cut off there. */
const MAX_RECEIVED = 64 * 1024;
/** Between two writes of interleaved connections: long enough for the server to read each on its own. */
const INTERLEAVE_GAP_MS = 2;

class ReceivedLog implements Received {
  readonly #chunks: { bytes: Buffer; at: number }[] = [];
  #bytes = Buffer.alloc(0);

  add(bytes: Buffer, at: number): void {
    if (bytes.length === 0) return;
    this.#chunks.push({ bytes, at });
    this.#bytes = Buffer.concat([this.#bytes, bytes]);
  }

  get bytes(): Buffer {
    return this.#bytes;
  }

  arrivalOf(offset: number): number {
    let end = 0;
    for (const chunk of this.#chunks) {
      end += chunk.bytes.length;
      if (offset < end) return chunk.at;
    }
    return this.#chunks.at(-1)?.at ?? 0;
  }
}

class Recorder {
  readonly received = new ReceivedLog();
  closedAt: number | undefined;
  finSentAt: number | undefined;
  owedAnswerMissing = false;
  #sent = Buffer.alloc(0);
  #eventsSeen = 0;
  /** What the last judgement read, and the judgement. */
  #judged: { readonly read: readonly unknown[]; readonly judgement: Judgement } | undefined;

  constructor(
    readonly trace: Trace,
    readonly conn: string,
    readonly credentials: EncodeContext['credentials'],
  ) {}

  take(result: ReadResult<Buffer>): void {
    if (result.kind === 'decoded' || result.kind === 'overflow') this.received.add(result.bytes, result.at);
    if (result.kind === 'closed' || result.kind === 'malformed') {
      this.received.add(result.bytes, result.at);
      if (result.kind === 'closed') this.closedAt ??= result.at;
    }
  }

  get full(): boolean {
    return this.received.bytes.length >= MAX_RECEIVED;
  }

  /** The octets the trace shows sent, read from the events added since the last call. */
  #sentBytes(): Buffer {
    const { events } = this.trace;
    const fresh: Buffer[] = [];
    for (; this.#eventsSeen < events.length; this.#eventsSeen += 1) {
      const event = events[this.#eventsSeen]!;
      if (event.type === 'data' && event.dir === 'sent' && event.conn === this.conn) fresh.push(event.bytes);
    }
    if (fresh.length > 0) this.#sent = Buffer.concat([this.#sent, ...fresh]);
    return this.#sent;
  }

  /**
   * The judgement of the conversation so far; judged again only when something it reads changed (not on the
   * trace's notes, nor on the events of the other connections).
   */
  judgement(): Judgement {
    const sent = this.#sentBytes();
    const read = [
      sent.length,
      this.received.bytes.length,
      this.closedAt,
      this.finSentAt,
      this.owedAnswerMissing,
    ];
    if (this.#judged?.read.every((value, i) => value === read[i])) return this.#judged.judgement;
    const judgement = judge({
      sent,
      received: this.received,
      closedAt: this.closedAt,
      finSentAt: this.finSentAt,
      owedAnswerMissing: this.owedAnswerMissing,
      credentials: this.credentials,
    });
    this.#judged = { read, judgement };
    return judgement;
  }
}

async function settle(probe: TcpProbe, recorder: Recorder, options: DeliverOptions): Promise<void> {
  const quiet = options.ms(options.quietMs ?? 10);
  const deadline = recorder.trace.now() + options.ms(OWED_MS);
  while (recorder.closedAt === undefined && !recorder.full) {
    const { owed } = recorder.judgement();
    const left = deadline - recorder.trace.now();
    if (left <= 0) return;
    const wait =
      owed === 'must' ? left : owed === 'expected' ? Math.min(left, options.ms(EXPECTED_MS)) : quiet;
    const result = await probe.readAvailable(wait);
    if (result.kind === 'timeout') {
      if (owed !== 'none' && result.bytes.length === 0) recorder.owedAnswerMissing = true;
      return;
    }
    recorder.take(result);
  }
}

/**
 * Before the next message, as a client that does not pipeline: the answer the server owes so far (its METHOD
 * selection, its RFC 1929 response), within the bound for an expected answer.
 */
async function awaitOwedAnswer(probe: TcpProbe, recorder: Recorder, options: DeliverOptions): Promise<void> {
  const deadline = recorder.trace.now() + options.ms(EXPECTED_MS);
  while (recorder.closedAt === undefined && !recorder.full && recorder.judgement().owed !== 'none') {
    const left = deadline - recorder.trace.now();
    if (left <= 0) return;
    const result = await probe.readAvailable(left);
    if (result.kind === 'timeout') return;
    recorder.take(result);
  }
}

/** The 10-second rule: after a failure reply the connection stays untouched until the server closes or the limit passes. */
async function awaitCloseAfterFailure(probe: TcpProbe, recorder: Recorder): Promise<void> {
  const { failure } = recorder.judgement();
  if (!failure || recorder.closedAt !== undefined) return;
  const left = failure.at + failure.limitMs + 50 - recorder.trace.now();
  const result = await probe.awaitClose(Math.max(0, left), failure.at);
  recorder.received.add(result.bytes, recorder.trace.now());
  if (result.kind === 'closed') recorder.closedAt = failure.at + result.afterMs;
}

async function finAndCollect(probe: TcpProbe, recorder: Recorder, options: DeliverOptions): Promise<void> {
  if (recorder.closedAt !== undefined) return;
  const { succeeded } = recorder.judgement();
  // A granted BIND waits for its peer and a UDP association lives with the connection: nothing to collect.
  if (succeeded === Command.BIND || succeeded === Command.UDP_ASSOCIATE) return;
  probe.endWrite();
  recorder.finSentAt = recorder.trace.now();
  const deadline = recorder.trace.now() + options.ms(FIN_WAIT_MS);
  while (!recorder.full) {
    const left = deadline - recorder.trace.now();
    if (left <= 0) return;
    const result = await probe.readAvailable(left);
    if (result.kind === 'timeout') return;
    recorder.take(result);
    if (result.kind === 'closed') return;
  }
}

/** After the last write: the answers owed, the 10-second rule, then the FIN and the server's close. */
async function conclude(probe: TcpProbe, recorder: Recorder, options: DeliverOptions): Promise<void> {
  await settle(probe, recorder, options);
  if (recorder.closedAt === undefined && recorder.judgement().failure)
    await awaitCloseAfterFailure(probe, recorder);
  if (recorder.closedAt === undefined) await finAndCollect(probe, recorder, options);
}

interface Connection {
  readonly probe: TcpProbe;
  readonly recorder: Recorder;
  readonly conversation: FuzzConversation;
  readonly messages: readonly Buffer[];
}

/** Before message `index` of a connection: its owed answer (unless pipelined), then its delay. */
async function beforeMessage(connection: Connection, index: number, options: DeliverOptions): Promise<void> {
  const message = connection.conversation.messages[index]!;
  if (index > 0 && !message.pipelined && owesAnswer(connection.recorder))
    await awaitOwedAnswer(connection.probe, connection.recorder, options);
  if (message.delayMs) await sleep(message.delayMs);
}

/** Whether there is an answer to wait for (the check `awaitOwedAnswer` starts with, without its call). */
function owesAnswer(recorder: Recorder): boolean {
  return recorder.closedAt === undefined && !recorder.full && recorder.judgement().owed !== 'none';
}

const isOpen = ({ probe, recorder }: Connection) => probe.state === 'open' && recorder.closedAt === undefined;

/** One connection's conversation, its messages one after another. */
async function converse(connection: Connection, options: DeliverOptions): Promise<void> {
  for (const [index, message] of connection.conversation.messages.entries()) {
    if (index > 0 && !message.pipelined && owesAnswer(connection.recorder))
      await awaitOwedAnswer(connection.probe, connection.recorder, options);
    if (!isOpen(connection)) break;
    if (message.delayMs) await sleep(message.delayMs);
    await connection.probe.send(connection.messages[index]!, segmentationOf(message));
  }
}

/** Several connections' conversations, one write of each connection in turn. */
async function interleave(connections: readonly Connection[], options: DeliverOptions): Promise<void> {
  const writes = connections.map(({ conversation, messages }) =>
    conversation.messages.flatMap((message, index) => {
      let offset = 0;
      return segmentLengths(messages[index]!.length, segmentationOf(message)).map((length, piece) => {
        const bytes = messages[index]!.subarray(offset, offset + length);
        offset += length;
        return { index, first: piece === 0, bytes };
      });
    }),
  );
  while (writes.some((queue) => queue.length > 0)) {
    for (const [i, connection] of connections.entries()) {
      const write = writes[i]!.shift();
      if (write === undefined) continue;
      if (write.first) await beforeMessage(connection, write.index, options);
      if (!isOpen(connection)) {
        writes[i]!.length = 0;
        continue;
      }
      await connection.probe.send(write.bytes);
      await sleep(INTERLEAVE_GAP_MS);
    }
  }
}

export async function deliver(input: FuzzInput, options: DeliverOptions): Promise<Delivered> {
  const trace = options.trace ?? new Trace();
  const connName = (i: number) => `${options.connLetter ?? 'c'}${i + 1}`;
  const conversations = conversationsOf(input);
  const encoded = encodeConversations(input, options.encode);
  if (!encoded.every(readsAsLoopbackOnly)) return { kind: 'not-sent', trace };
  const opened = await Promise.all(
    conversations.map((_, i) =>
      openTcp(options.target.host, options.target.port, {
        trace,
        conn: connName(i),
        connectTimeoutMs: options.ms(3000),
        maxBuffer: MAX_RECEIVED,
        gapMs: 1,
        sendTimeoutMs: options.ms(2000),
      }),
    ),
  );
  const connections: Connection[] = [];
  for (const [i, result] of opened.entries()) {
    if (result.ok)
      connections.push({
        probe: result.probe,
        recorder: new Recorder(trace, connName(i), options.encode.credentials),
        conversation: conversations[i]!,
        messages: encoded[i]!,
      });
  }
  const refused = opened.find((result) => !result.ok);
  if (refused && !refused.ok) {
    for (const { probe } of connections) probe.destroy();
    return { kind: 'unreachable', reason: `cannot connect: ${refused.code}`, trace };
  }
  try {
    if (connections.length === 1) await converse(connections[0]!, options);
    else await interleave(connections, options);
    await Promise.all(connections.map((c) => conclude(c.probe, c.recorder, options)));
  } finally {
    for (const { probe } of connections) probe.destroy();
  }
  return { kind: 'delivered', trace, judgements: connections.map((c) => c.recorder.judgement()) };
}
