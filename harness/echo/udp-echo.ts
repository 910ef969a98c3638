import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../net/endpoint.js';
import { BoundedRing } from './bounded-ring.js';
import { closeWithin } from './close-within.js';

/** A datagram the echo received: its source, its payload, and when (`performance.now()`). */
export interface SeenDatagram {
  from: { address: string; port: number };
  to: Endpoint;
  bytes: Buffer;
  at: number;
}

export interface UdpEcho {
  readonly endpoint: Endpoint;
  datagramsSeen(): SeenDatagram[];
  close(): Promise<void>;
}

const SEEN_CAPACITY = 1000;
const CLOSE_DEADLINE_MS = 2000;

/** A UDP echo on `host`: sends each datagram's payload unchanged back to its source, and records the source. */
export function startUdpEcho(host: string, family: 4 | 6): Promise<UdpEcho> {
  const seen = new BoundedRing<SeenDatagram>(SEEN_CAPACITY);
  const socket = dgram.createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
  return new Promise((resolve, reject) => {
    const onBindError = (error: unknown) => {
      try {
        socket.close();
      } catch {
        // Never bound: nothing to close.
      }
      reject(error);
    };
    socket.once('error', onBindError);
    socket.bind({ address: host, port: 0, exclusive: true }, () => {
      socket.off('error', onBindError);
      socket.on('error', () => {});
      const endpoint = { host, port: socket.address().port };
      socket.on('message', (message, remote) => {
        seen.push({
          from: { address: remote.address, port: remote.port },
          to: endpoint,
          bytes: message,
          at: performance.now(),
        });
        socket.send(message, remote.port, remote.address, () => {});
      });
      let closing: Promise<void> | undefined;
      resolve({
        endpoint,
        datagramsSeen: () => seen.toArray(),
        close: () => {
          closing ??= closeWithin(new Promise<void>((done) => socket.close(() => done())), CLOSE_DEADLINE_MS);
          return closing;
        },
      });
    });
  });
}
