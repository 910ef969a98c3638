import { afterEach, describe, expect, it } from 'vitest';
import { startTcpEcho } from '../../harness/echo/tcp-echo.js';
import type { TcpServer } from '../../harness/echo/tcp-server.js';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import type { ReferenceConfig } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { type Address, ipv4, ipv6 } from '../../harness/wire/address.js';
import { Command, Reply } from '../../harness/wire/constants.js';
import { decodeMethodSelection, encodeGreeting } from '../../harness/wire/socks5-greeting.js';
import { decodeReply, encodeRequest } from '../../harness/wire/socks5-request.js';

let server: ReferenceServer | undefined;
let echo: TcpServer | undefined;
const probes: TcpProbe[] = [];

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.destroy();
  await server?.close();
  await echo?.close();
  server = echo = undefined;
});

/** Negotiates NO-AUTH on the reference server and sends `request`; returns the reply read. */
async function ask(overrides: Partial<ReferenceConfig>, address: Address, port: number, request = {}) {
  server = await startReferenceServer(overrides);
  const opened = await openTcp(server.host, server.port, {
    trace: new Trace(),
    conn: 'c',
    connectTimeoutMs: 2000,
  });
  if (!opened.ok) throw new Error(opened.message);
  probes.push(opened.probe);
  await opened.probe.send(encodeGreeting([0x00]));
  await opened.probe.read(decodeMethodSelection, 2000);
  await opened.probe.send(encodeRequest(Command.CONNECT, address, port, request));
  return opened.probe.read(decodeReply, 3000);
}

describe('the reference CONNECT reply follows the cause', () => {
  it('answers a port its ruleset denies with REP 02, at full length, and closes', async () => {
    echo = await startTcpEcho('127.0.0.1');
    const reply = await ask({ deniedPorts: [echo.endpoint.port] }, ipv4('127.0.0.1'), echo.endpoint.port);
    expect(reply.kind === 'decoded' && reply.value.reply).toBe(Reply.NOT_ALLOWED);
    expect(reply.bytes.length).toBe(10);
    expect((await probes[0]!.awaitClose(1000)).kind).toBe('closed');
  });

  it('serves ports its ruleset does not deny', async () => {
    echo = await startTcpEcho('127.0.0.1');
    const reply = await ask({ deniedPorts: [1] }, ipv4('127.0.0.1'), echo.endpoint.port);
    expect(reply.kind === 'decoded' && reply.value.reply).toBe(Reply.SUCCEEDED);
  });

  it("refuses a request whose RSV is not X'00' with REP 01", async () => {
    echo = await startTcpEcho('127.0.0.1');
    const reply = await ask({}, ipv4('127.0.0.1'), echo.endpoint.port, { reserved: 1 });
    expect(reply.kind === 'decoded' && reply.value.reply).toBe(Reply.GENERAL_FAILURE);
  });

  it.each([
    ['0.0.0.0', ipv4('0.0.0.0')],
    ['::', ipv6('::')],
  ])('refuses %s, which names no host, with REP 04 instead of connecting to itself', async (_, address) => {
    echo = await startTcpEcho('127.0.0.1');
    const reply = await ask({}, address, echo.endpoint.port);
    expect(reply.kind === 'decoded' && reply.value.reply).toBe(Reply.HOST_UNREACHABLE);
    expect(echo.connectionsSeen()).toEqual([]);
  });

  it('refuses a destination off this host with REP 02, without connecting', async () => {
    const reply = await ask({}, ipv4('192.0.2.1'), 80);
    expect(reply.kind === 'decoded' && reply.value.reply).toBe(Reply.NOT_ALLOWED);
  });
});
