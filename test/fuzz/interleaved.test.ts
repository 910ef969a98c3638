import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EchoNetwork } from '../../harness/echo/echo-network.js';
import { referenceCredentials } from '../../harness/reference/config.js';
import { type ReferenceServer, startReferenceServer } from '../../harness/reference/server.js';
import { deliver } from '../../suites/fuzz/deliver.js';
import type { FuzzConversation, FuzzInput } from '../../suites/fuzz/input.js';
import { checkFuzzInput } from '../../suites/fuzz/input-check.js';
import { runServerFuzzCase } from '../../suites/fuzz/server-case.js';
import { simplerInputs } from '../../suites/fuzz/simplify.js';

let echo: EchoNetwork;

beforeAll(async () => {
  echo = await EchoNetwork.start();
});

afterAll(async () => {
  await echo.close();
});

/** A connection offering NO-AUTH, then a CONNECT to `destination`, each message cut into several writes. */
function conversation(destination: 'echo' | 'refused', splitSeed: number): FuzzConversation {
  return {
    version: '5',
    messages: [
      { type: 'greeting', methods: [0], splitSeed },
      { type: 'request', command: 1, destination: { kind: destination }, splitSeed: splitSeed + 1 },
    ],
  };
}

const input: FuzzInput = {
  ...conversation('echo', 11),
  alongside: [conversation('refused', 21), conversation('echo', 31)],
};

async function deliverToReference() {
  const server: ReferenceServer = await startReferenceServer();
  try {
    return await deliver(input, {
      target: { host: server.host, port: server.port },
      encode: { echo: echo.endpoints(), credentials: referenceCredentials },
      ms: (value) => value,
    });
  } finally {
    await server.close();
  }
}

describe('a fuzz input of several connections', () => {
  it('interleaves the writes of its connections and judges each conversation on its own', async () => {
    const delivered = await deliverToReference();
    if (delivered.kind !== 'delivered') expect.fail(delivered.kind);
    const writers = delivered.trace.events.flatMap((e) =>
      e.type === 'data' && e.dir === 'sent' ? [e.conn] : [],
    );
    // c1 does not send all its octets before c2 and c3 start theirs.
    expect(writers.indexOf('c2')).toBeLessThan(writers.lastIndexOf('c1'));
    expect(writers.indexOf('c3')).toBeLessThan(writers.lastIndexOf('c1'));
    expect(delivered.judgements).toHaveLength(3);
    expect(delivered.judgements.map((j) => j.violations)).toEqual([[], [], []]);
    expect(delivered.judgements.map((j) => j.succeeded)).toEqual([1, undefined, 1]);
  });

  it('judges each connection by its own octets and names the one whose answer breaks an oracle', async () => {
    // A server that answers a greeting offering NO-AUTH and GSSAPI by selecting USERNAME/PASSWORD, and any other
    // greeting by selecting NO-AUTH: only the second connection below gets an answer its own offer forbids.
    const server = net.createServer((socket) => {
      socket.once('data', (greeting) => socket.end(Buffer.from([5, greeting[1] === 2 ? 2 : 0])));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const greeting = (methods: number[]): FuzzConversation => ({
        version: '5',
        messages: [{ type: 'greeting', methods }],
      });
      const outcome = await runServerFuzzCase(
        { ...greeting([0]), alongside: [greeting([0, 1]), greeting([0])] },
        {
          target: () => ({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }),
          encode: { echo: echo.endpoints(), credentials: undefined },
          ms: (value) => value,
        },
      );
      expect(outcome).toMatchObject({
        ok: false,
        clause: 'rfc1928/3-select-offered',
        what: "c2: selected X'02', which the client did not offer",
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is checked like a single conversation, every connection alongside included, when read from a file', () => {
    expect(checkFuzzInput(JSON.parse(JSON.stringify(input)))).toMatchObject({ ok: true });
    const elsewhere = {
      ...input,
      alongside: [
        {
          version: '5',
          messages: [
            { type: 'request', command: 1, destination: { kind: 'ipv4', host: '192.0.2.1', port: 80 } },
          ],
        },
      ],
    };
    expect(checkFuzzInput(elsewhere)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('a connection alongside'),
    });
  });

  it('shrinks by leaving a connection out, down to a conversation of one', () => {
    const context = { echo: echo.endpoints(), credentials: undefined };
    const simpler = simplerInputs(input, context);
    expect(simpler).toContainEqual({ ...conversation('refused', 21), alongside: [conversation('echo', 31)] });
    expect(simpler).toContainEqual({ ...conversation('echo', 11), alongside: [conversation('echo', 31)] });
    const pair: FuzzInput = { ...conversation('echo', 11), alongside: [conversation('refused', 21)] };
    expect(simplerInputs(pair, context)).toContainEqual(conversation('echo', 11));
  });
});
