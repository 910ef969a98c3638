import { afterEach, describe, expect, it } from 'vitest';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import type { ReferenceConfig } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { type Address, ipv4 } from '../../harness/wire/address.js';
import { Command, Reply } from '../../harness/wire/constants.js';
import { decodeMethodSelection, encodeGreeting } from '../../harness/wire/socks5-greeting.js';
import { decodeReply, encodeRequest, type ReplyMessage } from '../../harness/wire/socks5-request.js';

let server: ReferenceServer | undefined;
const probes: TcpProbe[] = [];
const trace = new Trace();

afterEach(async () => {
  for (const probe of probes.splice(0)) probe.destroy();
  await server?.close();
  server = undefined;
});

async function open(host: string, port: number, from?: string): Promise<TcpProbe> {
  const opened = await openTcp(host, port, {
    trace,
    conn: `t${probes.length}`,
    connectTimeoutMs: 2000,
    ...(from ? { localAddress: from } : {}),
  });
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.message}`);
  probes.push(opened.probe);
  return opened.probe;
}

async function refused(port: number): Promise<boolean> {
  const opened = await openTcp('127.0.0.1', port, { trace, conn: 'x', connectTimeoutMs: 2000 });
  if (opened.ok) opened.probe.destroy();
  return !opened.ok;
}

/** Sends a BIND for `dst` (plus `early` data) and returns the control connection and the first reply. */
async function bind(
  overrides: Partial<ReferenceConfig> = {},
  dst: Address = ipv4('127.0.0.1'),
  early: Buffer = Buffer.alloc(0),
): Promise<{ control: TcpProbe; first: ReplyMessage }> {
  server = await startReferenceServer(overrides);
  const control = await open(server.host, server.port);
  await control.send(encodeGreeting([0]));
  expect((await control.read(decodeMethodSelection, 2000)).kind).toBe('decoded');
  await control.send(Buffer.concat([encodeRequest(Command.BIND, dst, 21), early]));
  const first = await control.read(decodeReply, 2000);
  if (first.kind !== 'decoded') throw new Error(`no first reply: ${first.kind}`);
  return { control, first: first.value };
}

describe('reference BIND', () => {
  it('names its listener, then the peer, then relays both ways with the early data first', async () => {
    const { control, first } = await bind({}, ipv4('127.0.0.1'), Buffer.from('early'));
    expect(first.reply).toBe(Reply.SUCCEEDED);
    expect(first.address).toEqual(ipv4('127.0.0.1'));
    expect(first.port).not.toBe(0);
    expect((await control.expectSilence(100)).kind).toBe('silence');
    const peer = await open('127.0.0.1', first.port);
    const second = await control.read(decodeReply, 2000);
    expect(second.kind === 'decoded' && second.value).toMatchObject({
      reply: Reply.SUCCEEDED,
      address: ipv4(peer.localAddress),
      port: peer.localPort,
    });
    expect((await peer.readBytes(5, 2000)).bytes.toString()).toBe('early');
    await peer.send(Buffer.from('to client'));
    expect((await control.readBytes(9, 2000)).bytes.toString()).toBe('to client');
    await control.send(Buffer.from('to peer'));
    expect((await peer.readBytes(7, 2000)).bytes.toString()).toBe('to peer');
    expect(await refused(first.port)).toBe(true);
  });

  it('refuses a peer from a host other than DST.ADDR with REP 02 and closes', async () => {
    const { control, first } = await bind();
    const peer = await open('127.0.0.1', first.port, '127.0.0.2');
    const second = await control.read(decodeReply, 2000);
    expect(second.kind === 'decoded' && second.value.reply).toBe(Reply.NOT_ALLOWED);
    expect((await control.awaitClose(2000)).kind).toBe('closed');
    expect((await peer.awaitClose(2000)).kind).toBe('closed');
  });

  it('accepts a peer from any host when DST.ADDR is 0.0.0.0', async () => {
    const { control, first } = await bind({}, ipv4('0.0.0.0'));
    await open('127.0.0.1', first.port, '127.0.0.2');
    const second = await control.read(decodeReply, 2000);
    expect(second.kind === 'decoded' && second.value).toMatchObject({ reply: 0, address: ipv4('127.0.0.2') });
  });

  it('answers REP 06 and closes when no peer connects in time', async () => {
    const { control, first } = await bind({ bindTimeoutMs: 200 });
    const second = await control.read(decodeReply, 2000);
    expect(second.kind === 'decoded' && second.value.reply).toBe(Reply.TTL_EXPIRED);
    expect((await control.awaitClose(2000)).kind).toBe('closed');
    expect(await refused(first.port)).toBe(true);
  });

  it('stops listening when the control connection ends', async () => {
    const { control, first } = await bind();
    control.endWrite();
    expect((await control.awaitClose(2000)).kind).toBe('closed');
    expect(await refused(first.port)).toBe(true);
  });
});
