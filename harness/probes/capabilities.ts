import type { EchoEndpoints } from '../echo/echo-network.js';
import type { TargetNames } from '../echo/names.js';
import type { Capabilities, Credentials } from '../model/capabilities.js';
import type { Endpoint } from '../net/endpoint.js';
import { openTcp } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { type Address, domain, ipv4, ipv6 } from '../wire/address.js';
import { Command, Method, Reply } from '../wire/constants.js';
import { decodeReply, encodeRequest } from '../wire/socks5-request.js';
import { greet } from './greet.js';
import { negotiate } from './negotiate.js';

export interface CapabilityProbeOptions {
  readonly target: Endpoint;
  readonly echo: EchoEndpoints;
  readonly names: TargetNames;
  readonly credentials: Credentials | undefined;
  readonly timeoutMs: number;
}

async function selectsAlone(target: Endpoint, method: number, timeoutMs: number): Promise<boolean> {
  const result = await greet(target, [method], timeoutMs);
  return (
    result.ok &&
    result.reply.kind === 'decoded' &&
    result.reply.value.version === 5 &&
    result.reply.value.method === method
  );
}

/** A negotiation, then `request` if given, on a throw-away connection: true when all of it succeeded. */
async function succeeds(
  options: CapabilityProbeOptions,
  method: number,
  request?: { command: number; address: Address; port: number },
): Promise<boolean> {
  const { target, timeoutMs } = options;
  const opened = await openTcp(target.host, target.port, {
    trace: new Trace(),
    conn: 'probe',
    connectTimeoutMs: timeoutMs,
  });
  if (!opened.ok) return false;
  const { probe } = opened;
  try {
    const negotiated = await negotiate(probe, {
      method,
      credentials: options.credentials,
      segmentation: 'whole',
      timeoutMs,
      ...(request ? { followedBy: encodeRequest(request.command, request.address, request.port) } : {}),
    });
    if (!negotiated.ok) return false;
    if (!request) return true;
    const reply = await probe.read(decodeReply, timeoutMs);
    return reply.kind === 'decoded' && reply.value.reply === Reply.SUCCEEDED;
  } finally {
    probe.destroy();
  }
}

export async function probeCapabilities(options: CapabilityProbeOptions): Promise<Capabilities> {
  const candidates = [Method.NO_AUTH, Method.USERNAME_PASSWORD, Method.GSSAPI];
  const results = await Promise.all(
    candidates.map((m) => selectsAlone(options.target, m, options.timeoutMs)),
  );
  const acceptedMethods = candidates.filter((_, i) => results[i]);
  const credentialsAccepted =
    acceptedMethods.includes(Method.USERNAME_PASSWORD) && options.credentials
      ? await succeeds(options, Method.USERNAME_PASSWORD)
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
  const ask = (command: number, address: Address, port: number) =>
    succeeds(options, sessionMethod, { command, address, port });
  const [bind, udp, v6, resolves] = await Promise.all([
    ask(Command.BIND, ipv4(echo.tcpEcho4.host), echo.tcpEcho4.port),
    ask(Command.UDP_ASSOCIATE, ipv4('0.0.0.0'), 0),
    echo.tcpEcho6 ? ask(Command.CONNECT, ipv6(echo.tcpEcho6.host), echo.tcpEcho6.port) : undefined,
    ask(Command.CONNECT, domain(names.resolvable), echo.tcpEcho4.port),
  ]);
  return { ...found, bind, udp, ipv6: v6, names: resolves };
}
