import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../../harness/model/outcome.js';
import { openTcp, type TcpProbe } from '../../harness/net/tcp-probe.js';
import { Trace } from '../../harness/net/trace.js';
import { openUdp, type UdpProbe } from '../../harness/net/udp-probe.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { expectedClient } from '../../harness/reference/udp-associate.js';
import { runOptions } from '../../harness/session/run-options.js';
import { runServerSuite } from '../../harness/session/run-server-suite.js';
import { type Address, domain, ipv4 } from '../../harness/wire/address.js';
import { Command, Reply } from '../../harness/wire/constants.js';
import { decodeReply, encodeRequest, type ReplyMessage } from '../../harness/wire/socks5-request.js';
import { decodeUdpDatagram, encodeUdpDatagram } from '../../harness/wire/udp-header.js';
import { serverGroups } from '../../suites/index.js';

describe('the DST hint of UDP ASSOCIATE (the reference decision)', () => {
  it('always expects the TCP peer IP; a zero hint restricts nothing more', () => {
    expect(expectedClient('127.0.0.1', ipv4('0.0.0.0'), 0)).toEqual({
      address: '127.0.0.1',
      port: undefined,
    });
  });
  it('narrows to the hinted port when the hint names the TCP peer or zeros', () => {
    expect(expectedClient('::ffff:127.0.0.1', ipv4('127.0.0.1'), 4000)).toEqual({
      address: '127.0.0.1',
      port: 4000,
    });
    expect(expectedClient('127.0.0.1', ipv4('0.0.0.0'), 4000)).toEqual({ address: '127.0.0.1', port: 4000 });
  });
  it('ignores a hint naming another address: it never widens access', () => {
    expect(expectedClient('127.0.0.1', ipv4('127.0.0.9'), 4000)).toEqual({
      address: '127.0.0.1',
      port: undefined,
    });
    expect(expectedClient('127.0.0.1', domain('client.example'), 4000)).toEqual({
      address: '127.0.0.1',
      port: undefined,
    });
  });
});

const trace = new Trace();
const opened: { close(): unknown }[] = [];
let server: ReferenceServer | undefined;

afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
  await server?.close();
  server = undefined;
});

async function udp(): Promise<UdpProbe> {
  const probe = await openUdp({ trace, conn: 'u', family: 4, localAddress: '127.0.0.1' });
  opened.push(probe);
  return probe;
}

async function associate(hint: Address, port: number): Promise<{ control: TcpProbe; reply: ReplyMessage }> {
  server = await startReferenceServer();
  const tcp = await openTcp(server.host, server.port, { trace, conn: 'c', connectTimeoutMs: 2000 });
  if (!tcp.ok) throw new Error(tcp.message);
  opened.push({ close: () => tcp.probe.destroy() });
  await tcp.probe.send(Buffer.from([5, 1, 0]));
  await tcp.probe.readBytes(2, 2000);
  await tcp.probe.send(encodeRequest(Command.UDP_ASSOCIATE, hint, port));
  const reply = await tcp.probe.read(decodeReply, 2000);
  if (reply.kind !== 'decoded') throw new Error(`no reply: ${reply.kind}`);
  return { control: tcp.probe, reply: reply.value };
}

describe('the reference UDP relay', () => {
  it('with a hint naming the client port, drops datagrams from another port of the client IP', async () => {
    const client = await udp();
    const other = await udp();
    const destination = await udp();
    const { reply } = await associate(ipv4('127.0.0.1'), client.address().port);
    expect(reply.reply).toBe(Reply.SUCCEEDED);
    const to = destination.address();
    const send = (from: UdpProbe, text: string) =>
      from.send(encodeUdpDatagram(ipv4(to.host), to.port, Buffer.from(text)), '127.0.0.1', reply.port);
    await send(other, 'from another port');
    await send(client, 'from the hinted port');
    const got = await destination.receive(2000);
    expect(got.kind === 'datagram' && got.bytes.toString()).toBe('from the hinted port');
    expect((await destination.receive(200)).kind).toBe('timeout');
  });

  it('wraps a reply datagram in a header naming the remote, and sends it to the client', async () => {
    const client = await udp();
    const remote = await udp();
    const { reply } = await associate(ipv4('0.0.0.0'), 0);
    const at = remote.address();
    await client.send(
      encodeUdpDatagram(ipv4(at.host), at.port, Buffer.from('ping')),
      '127.0.0.1',
      reply.port,
    );
    const forwarded = await remote.receive(2000);
    if (forwarded.kind !== 'datagram') throw new Error('not forwarded');
    await remote.send(Buffer.from('pong'), forwarded.from.address, forwarded.from.port);
    const back = await client.receive(2000);
    if (back.kind !== 'datagram') throw new Error('no reply datagram');
    const decoded = decodeUdpDatagram(back.bytes);
    expect(decoded.kind === 'decoded' && decoded.value).toMatchObject({
      reserved: 0,
      fragment: 0,
      address: ipv4('127.0.0.1'),
      port: at.port,
    });
    expect(decoded.kind === 'decoded' && decoded.value.data.toString()).toBe('pong');
  });

  it('relays nothing once the TCP connection has ended', async () => {
    const client = await udp();
    const destination = await udp();
    const { control, reply } = await associate(ipv4('0.0.0.0'), 0);
    control.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const to = destination.address();
    await client.send(
      encodeUdpDatagram(ipv4(to.host), to.port, Buffer.from('late')),
      '127.0.0.1',
      reply.port,
    );
    expect((await destination.receive(300)).kind).toBe('timeout');
  });
});

describe('the reference without fragmentation support', () => {
  it('passes the fragment cases by dropping, and the timer case is skipped', async () => {
    const reference = await startReferenceServer({ fragmentation: 'drop' });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: reference.host, port: reference.port } },
          only: ['socks5/udp/frag*'],
          credentials: referenceCredentials,
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      const verdicts = Object.fromEntries(
        outcome.document.results.map((r) => [r.id, [r.verdict, explain(r)]]),
      );
      expect(verdicts).toEqual({
        'socks5/udp/fragments': ['PASS', 'both fragments are dropped (no fragmentation support)'],
        'socks5/udp/frag-timer': [
          'SKIP',
          'the relay does not reassemble a quick sequence (it drops fragments): no timer to check',
        ],
        'socks5/udp/frag-reset-lower': ['PASS', 'every fragment is dropped (no fragmentation support)'],
      });
    } finally {
      await reference.close();
    }
  });

  it('still never forwards a fragment on its own', async () => {
    const reference = await startReferenceServer({
      fragmentation: 'drop',
      faults: new Set(['udp-frag-piecemeal']),
    });
    try {
      const outcome = await runServerSuite(
        runOptions({
          target: { kind: 'address', endpoint: { host: reference.host, port: reference.port } },
          only: ['socks5/udp/fragments'],
          credentials: referenceCredentials,
        }),
        { groups: serverGroups, version: 'test', rerun: () => '' },
      );
      if (outcome.kind !== 'ran') throw new Error(outcome.reason);
      expect(outcome.document.results[0]?.verdict).toBe('FAIL');
    } finally {
      await reference.close();
    }
  });
});
