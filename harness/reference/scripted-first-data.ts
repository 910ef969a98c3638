import net from 'node:net';
import { deadline as expireIn } from '../net/timers.js';
import { observeClient, type ScriptedConnection } from './scripted-steps.js';

/** The most of the destination's first octets kept for the reply's segment (its unasked answer is ~170). */
const MAX_FIRST_DATA = 8192;

/**
 * What the destination says first, as a server-first protocol's banner (SMTP, SSH): the relay connects,
 * half-closes at once (the token destination then answers unasked) and reads until the destination ends, or
 * `ms` passes.
 */
function destinationSpeaksFirst(c: ScriptedConnection, ms: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const upstream = net.connect({ host: c.destination.host, port: c.destination.port, allowHalfOpen: true });
    const done = () => {
      timer.clear();
      upstream.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = expireIn(ms, done);
    upstream.once('connect', () => {
      c.onRelayOpened?.({ host: upstream.localAddress ?? '', port: upstream.localPort ?? 0 });
      upstream.end();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (length < MAX_FIRST_DATA) chunks.push(chunk.subarray(0, MAX_FIRST_DATA - length));
      length += chunk.length;
    });
    upstream.once('end', done);
    upstream.once('error', done);
  });
}

/**
 * Grants the request with the reply and the destination's first octets in one write, as a proxy does when the
 * destination speaks first and its banner is already there when the reply goes: a client must take the octets
 * after the reply as data, not read them away with it. The destination has then said everything and closed, so
 * the scripted server half-closes too and watches the client.
 */
export async function replyWithFirstData(c: ScriptedConnection, reply: Buffer): Promise<void> {
  const first = await destinationSpeaksFirst(c, c.times.readMs);
  c.events.push({ type: 'sent', what: 'reply' });
  await c.probe.send(Buffer.concat([reply, first]));
  c.events.push({ type: 'relayed', toDestination: 0, fromDestination: first.length });
  c.probe.endWrite();
  await observeClient(c, 'after-reply');
}
