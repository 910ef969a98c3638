import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Endpoint } from '../net/endpoint.js';
import { openTcp } from '../net/tcp-probe.js';
import { Trace } from '../net/trace.js';
import { closeWithin } from './close-within.js';

export interface RefusedPort {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

const ATTEMPTS = 20;
/** Ports this wide below the ephemeral range are tried. */
const SPAN = 8000;
const CHECK_TIMEOUT_MS = 1000;
const CLOSE_DEADLINE_MS = 2000;

/**
 * The first port of the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range), from which
 * every server listening on port 0 gets its port; 32768 where it cannot be read.
 */
function ephemeralStart(): number {
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    return Number.isInteger(first) && first > 1024 + SPAN ? first : 32768;
  } catch {
    return 32768;
  }
}

/**
 * A TCP port on `host` where nothing listens, so connecting to it is refused. It is taken below the ephemeral
 * range: a port from inside it, free a moment ago, could be given to any server that listens on port 0 (the
 * tests start many), after which a CONNECT the case expects refused would be granted. It is checked to refuse;
 * a UDP socket holds the same number, so no UDP service of ours takes it meanwhile.
 */
export async function reserveRefusedPort(host: string): Promise<RefusedPort> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const below = ephemeralStart();
    const port = randomInt(below - SPAN, below);
    const holder = await holdUdpPort(host, port);
    if (await isRefused(host, port)) {
      return {
        endpoint: { host, port },
        close: () =>
          holder === undefined ? Promise.resolve() : closeWithin(closeUdp(holder), CLOSE_DEADLINE_MS),
      };
    }
    if (holder !== undefined) await closeWithin(closeUdp(holder), CLOSE_DEADLINE_MS);
  }
  throw new Error(`no TCP port on ${host} refused connections after ${ATTEMPTS} attempts`);
}

async function isRefused(host: string, port: number): Promise<boolean> {
  const result = await openTcp(host, port, {
    trace: new Trace(),
    conn: 'check',
    connectTimeoutMs: CHECK_TIMEOUT_MS,
  });
  if (result.ok) result.probe.destroy();
  return !result.ok && result.code === 'ECONNREFUSED';
}

/** Binds UDP on the same port number; a port already taken for UDP is no reason to fail. */
function holdUdpPort(host: string, port: number): Promise<dgram.Socket | undefined> {
  const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  return new Promise((resolve) => {
    socket.once('error', () => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      try {
        socket.close();
      } catch {
        // Never bound.
      }
      resolve(undefined);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
