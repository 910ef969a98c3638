import type { EchoEndpoints } from '../echo/echo-network.js';
import type { TargetNames } from '../echo/names.js';
import type { Capabilities, Credentials } from '../model/capabilities.js';
import type { Endpoint } from '../net/endpoint.js';
import { openTcp, type ReadResult } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { type Address, domain, ipv4, ipv6 } from '../wire/address.js';
import { Command, Method, Reply } from '../wire/constants.js';
import { decodeReply, encodeRequest, type ReplyMessage } from '../wire/socks5-request.js';
import { greet } from './greet.js';
import { logsIn } from './login.js';
import { negotiate } from './negotiate.js';

export interface CapabilityProbeOptions {
  readonly target: Endpoint;
  readonly echo: EchoEndpoints;
  readonly names: TargetNames;
  readonly credentials: Credentials | undefined;
  readonly timeoutMs: number;
}

/** Whether a greeting offering `method` alone gets it selected; `unanswered` when no answer came at all. */
async function selectsAlone(
  target: Endpoint,
  method: number,
  timeoutMs: number,
): Promise<boolean | 'unanswered'> {
  const result = await greet(target, [method], timeoutMs);
  if (!result.ok || result.reply.kind === 'timeout') return 'unanswered';
  return (
    result.reply.kind === 'decoded' &&
    result.reply.value.version === 5 &&
    result.reply.value.method === method
  );
}

/** A slow host's grace: when no greeting was answered, they are asked again with this many times the deadline. */
const PATIENCE = 3;

/**
 * Which of `candidates` the target selects when offered alone. The target answered the sanity probe's greeting
 * a moment ago, so if none of these greetings got an answer at all, the host or the target is slow (a loaded CI
 * machine, a server process still warming up), not refusing: they are asked again, once, with a longer deadline,
 * rather than the run going on as if no method were usable (every case SKIP).
 */
async function selectedMethods(options: CapabilityProbeOptions, candidates: readonly number[]) {
  const ask = (timeoutMs: number) =>
    Promise.all(candidates.map((m) => selectsAlone(options.target, m, timeoutMs)));
  let results = await ask(options.timeoutMs);
  if (results.every((r) => r === 'unanswered')) results = await ask(options.timeoutMs * PATIENCE);
  return candidates.filter((_, i) => results[i] === true);
}

/** How the probe's request went: served (REP 00), or what it got instead, in words. */
type Asked = { readonly served: true } | { readonly served: false; readonly answer: string };

/** A negotiation, then `request`, on a throw-away connection. */
async function ask(
  options: CapabilityProbeOptions,
  method: number,
  request: { command: number; address: Address; port: number },
): Promise<Asked> {
  const { target, timeoutMs } = options;
  const opened = await openTcp(target.host, target.port, {
    trace: new Trace(),
    conn: 'probe',
    connectTimeoutMs: timeoutMs,
  });
  if (!opened.ok) return { served: false, answer: `no connection (${opened.code})` };
  const { probe } = opened;
  try {
    const negotiated = await negotiate(probe, {
      method,
      credentials: options.credentials,
      segmentation: 'whole',
      timeoutMs,
      followedBy: encodeRequest(request.command, request.address, request.port),
    });
    if (!negotiated.ok) return { served: false, answer: negotiated.reason };
    const reply = await probe.read(decodeReply, timeoutMs);
    if (reply.kind === 'decoded' && reply.value.reply === Reply.SUCCEEDED) return { served: true };
    return { served: false, answer: describeAnswer(reply, timeoutMs) };
  } finally {
    probe.destroy();
  }
}

function describeAnswer(reply: ReadResult<ReplyMessage>, timeoutMs: number): string {
  switch (reply.kind) {
    case 'decoded':
      return `REP ${reply.value.reply.toString(16).padStart(2, '0')}`;
    case 'timeout':
      return `no reply within ${timeoutMs} ms`;
    case 'closed':
      return `closed without a reply (${reply.how.toUpperCase()})`;
    default:
      return `a ${reply.kind} reply`;
  }
}

export async function probeCapabilities(options: CapabilityProbeOptions): Promise<Capabilities> {
  const candidates = [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI];
  const acceptedMethods = await selectedMethods(options, candidates);
  const credentialsAccepted =
    acceptedMethods.includes(Method.USERNAME_PASSWORD) && options.credentials
      ? await logsIn(options.target, options.credentials, options.timeoutMs)
      : undefined;
  const sessionMethod = acceptedMethods.includes(Method.NO_AUTH)
    ? Method.NO_AUTH
    : credentialsAccepted
      ? Method.USERNAME_PASSWORD
      : undefined;
  const found = { acceptedMethods, credentialsAccepted, sessionMethod };
  if (sessionMethod === undefined) {
    return { ...found, bind: undefined, udp: undefined, ipv6: undefined, names: undefined };
  }
  const { echo, names } = options;
  const request = (command: number, address: Address, port: number) =>
    ask(options, sessionMethod, { command, address, port });
  const [bind, udp, v6, resolves] = await Promise.all([
    request(Command.BIND, ipv4(echo.tcpEcho4.host), echo.tcpEcho4.port),
    request(Command.UDP_ASSOCIATE, ipv4('0.0.0.0'), 0),
    echo.tcpEcho6 ? request(Command.CONNECT, ipv6(echo.tcpEcho6.host), echo.tcpEcho6.port) : undefined,
    request(Command.CONNECT, domain(names.resolvable), echo.tcpEcho4.port),
  ]);
  const asked = { bind, udp, ipv6: v6, names: resolves };
  const probeAnswers = Object.fromEntries(
    Object.entries(asked).flatMap(([what, a]) => (a && !a.served ? [[what, a.answer]] : [])),
  );
  return {
    ...found,
    bind: bind.served,
    udp: udp.served,
    ipv6: v6?.served,
    names: resolves.served,
    ...(Object.keys(probeAnswers).length > 0 ? { probeAnswers } : {}),
  };
}
