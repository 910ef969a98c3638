import { afterEach, describe, expect, it } from 'vitest';
import { startTokenDestination, type TokenDestination } from '../../harness/echo/token-destination.js';
import { formatEndpoint } from '../../harness/net/endpoint.js';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import { type ScriptedServer, startScriptedServer } from '../../harness/reference/scripted-server.js';
import { ipv4 } from '../../harness/wire/address.js';
import { Command } from '../../harness/wire/constants.js';
import { decodeMethodSelection, encodeGreeting } from '../../harness/wire/socks5-greeting.js';
import { decodeReply, encodeRequest } from '../../harness/wire/socks5-request.js';
import { socks5 } from '../../suites/client/scripts.js';

const token = 'socks-conformance-token-89ab';
let destination: TokenDestination | undefined;
let server: ScriptedServer | undefined;
let probe: TcpProbe | undefined;

afterEach(async () => {
  probe?.destroy();
  await server?.close();
  await destination?.close();
});

/** A SOCKS5 CONNECT through a scripted server whose destination answers unasked after `silenceMs`. */
async function granted(silenceMs: number): Promise<TcpProbe> {
  // Only the relay's own connections get the token: the relay must name each before it sends on it.
  const relays = new Set<string>();
  destination = await startTokenDestination({
    host: '127.0.0.1',
    path: '/case-1',
    token,
    silenceMs,
    admits: (peer) => relays.has(formatEndpoint(peer)),
  });
  server = await startScriptedServer({
    onRelayOpened: (local) => relays.add(formatEndpoint(local)),
    script: socks5(),
    trace: new Trace(),
    destination: destination.endpoint,
    times: { readMs: 2000, observeMs: 1000, relayMs: 5000 },
  });
  const opened = await openTcp('127.0.0.1', server.endpoint.port, {
    trace: new Trace(),
    conn: 'c',
    connectTimeoutMs: 2000,
  });
  if (!opened.ok) throw new Error(opened.message);
  probe = opened.probe;
  await probe.send(encodeGreeting([0x00]));
  await probe.read(decodeMethodSelection, 2000);
  await probe.send(encodeRequest(Command.CONNECT, ipv4('127.0.0.1'), destination.endpoint.port));
  expect(await probe.read(decodeReply, 2000)).toMatchObject({ kind: 'decoded' });
  return probe;
}

async function untilFin(p: TcpProbe): Promise<string> {
  let text = '';
  for (;;) {
    const read = await p.readAvailable(3000);
    if (read.kind !== 'decoded')
      return read.kind === 'closed' && read.how === 'fin' ? text : `${text}[${read.kind}]`;
    text += read.bytes.toString('latin1');
  }
}

describe('the scripted server relays a half-close, as a SOCKS server must', () => {
  it("passes the client's FIN on and still relays the destination's answer back", async () => {
    const client = await granted(60_000);
    client.endWrite();
    expect(await untilFin(client)).toContain(token);
    await server?.settle(3000);
    const events = server?.sessions()[0]?.events ?? [];
    expect(events).toContainEqual(expect.objectContaining({ type: 'client-close', how: 'fin' }));
    expect(events.find((e) => e.type === 'relayed')).toMatchObject({ fromDestination: expect.any(Number) });
    expect(destination?.answers()).toEqual([
      { admitted: true, kind: 'unasked', after: 'fin', receivedOctets: 0 },
    ]);
  });

  it("passes the destination's FIN on and still relays what the client sends after it", async () => {
    const client = await granted(100);
    expect(await untilFin(client)).toContain(token);
    await client.send(Buffer.from('late octets'));
    client.endWrite();
    await server?.settle(3000);
    const relayed = server?.sessions()[0]?.events.find((e) => e.type === 'relayed');
    expect(relayed).toMatchObject({ toDestination: 11 });
  });
});
