import dgram from 'node:dgram';
import net from 'node:net';
import { type Address, ipv4, ipv6 } from '../wire/address.js';
import { encodeUdpDatagram } from '../wire/udp-header.js';
import type { ReferenceConfig } from './config.js';
import type { Fault } from './faults.js';
import { ReassemblyQueue } from './fragment-reassembly.js';
import { resolveDestination } from './udp-destination.js';
import { decodeClientDatagram } from './udp-request.js';

/** RFC 1928 §7: "The reassembly timer MUST be no less than 5 seconds." */
const MIN_REASSEMBLY_MS = 5000;
const FAULTY_REASSEMBLY_MS = 1000;
const MAX_REASSEMBLED_BYTES = 64 * 1024;
const MAX_UDP_PAYLOAD = 65_507;
const RESOLVE_TIMEOUT_MS = 2000;
/** Name resolutions in flight per association; datagrams beyond it are dropped. */
const MAX_PENDING_RESOLUTIONS = 16;

/** Where the client's datagrams must come from: its IP always, and its port when it named one. */
export interface ExpectedClient {
  readonly address: string;
  readonly port: number | undefined;
}

interface Destination {
  readonly address: Address;
  readonly port: number;
}

export interface UdpRelayOptions {
  /** The socket the client sends to (the BND of the reply), already bound. */
  readonly relay: dgram.Socket;
  /** `anyone`: a relay of no association (only the `udp-relay-on-tcp-port` fault has one). */
  readonly expected: ExpectedClient | 'anyone';
  readonly config: ReferenceConfig;
  has(fault: Fault): boolean;
  /** Ends the TCP connection of the association (used only by a fault). */
  endControl(): void;
}

/** An IPv4-mapped IPv6 address as the plain IPv4 address, so that address comparisons mean what they say. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function addressFrom(host: string): Address {
  const plain = plainAddress(host);
  return net.isIPv4(plain) ? ipv4(plain) : ipv6(plain);
}

/**
 * One UDP association (RFC 1928 §7): datagrams from the client are checked, unwrapped (reassembled when
 * fragmented) and sent on from a socket of the association; datagrams from remote hosts come back wrapped in
 * a header that names the remote source.
 */
export class UdpRelay {
  readonly #options: UdpRelayOptions;
  readonly #queue: ReassemblyQueue<Destination>;
  readonly #outbound = new Map<4 | 6, dgram.Socket>();
  #client: { address: string; port: number } | undefined;
  #resolving = 0;
  #closed = false;
  /** Set by the udp-rsv-stops-relay fault: the relay ignores every later datagram. */
  #stopped = false;

  constructor(options: UdpRelayOptions) {
    this.#options = options;
    const configured = Math.max(MIN_REASSEMBLY_MS, options.config.reassemblyTimeoutMs);
    this.#queue = new ReassemblyQueue<Destination>({
      timeoutMs: options.has('udp-frag-timer-1s') ? FAULTY_REASSEMBLY_MS : configured,
      maxBytes: MAX_REASSEMBLED_BYTES,
      appendLower: options.has('udp-frag-no-reset-on-lower'),
    });
    options.relay.on('message', (message, remote) => this.#fromClient(message, remote));
    options.relay.on('error', () => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.reset();
    for (const socket of [this.#options.relay, ...this.#outbound.values()]) {
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    }
  }

  #fromClient(message: Buffer, remote: dgram.RemoteInfo): void {
    const { expected, has } = this.#options;
    const address = plainAddress(remote.address);
    const fromClient =
      expected === 'anyone' ||
      (address === expected.address && (expected.port === undefined || remote.port === expected.port));
    if (!fromClient && !has('udp-no-source-check')) return;
    this.#client = { address: remote.address, port: remote.port };
    const decoded = decodeClientDatagram(message, has('udp-lenient-domain-length'));
    if (decoded.kind !== 'decoded') return;
    const datagram = decoded.value;
    if (datagram.reserved !== 0 && has('udp-rsv-stops-relay')) this.#stopped = true;
    if (this.#stopped) return;
    if (datagram.reserved !== 0 && !has('udp-relay-rsv')) return;
    const destination = { address: datagram.address, port: datagram.port };
    if (datagram.fragment === 0 || has('udp-frag-piecemeal')) {
      this.#queue.standalone();
      this.#forward(destination, datagram.data);
      return;
    }
    if (this.#options.config.fragmentation === 'drop') return;
    const whole = this.#queue.push({ frag: datagram.fragment, data: datagram.data, destination });
    if (whole) this.#forward(whole.destination, whole.data);
  }

  #forward(destination: Destination, data: Buffer): void {
    if (this.#resolving >= MAX_PENDING_RESOLUTIONS || data.length > MAX_UDP_PAYLOAD) return;
    this.#resolving++;
    void resolveDestination(destination.address, RESOLVE_TIMEOUT_MS).then((resolved) => {
      this.#resolving--;
      if (this.#closed) return;
      if (resolved === undefined || destination.port === 0) {
        this.#undeliverable(destination);
        return;
      }
      this.#socketFor(resolved.family).send(data, destination.port, resolved.host, () => {});
    });
  }

  /** A conformant relay drops an undeliverable datagram silently (RFC 1928 §7); two faults do otherwise. */
  #undeliverable(destination: Destination): void {
    const { has } = this.#options;
    if (has('udp-error-datagram')) {
      this.#toClient(encodeUdpDatagram(destination.address, destination.port, Buffer.alloc(0)));
    }
    if (has('udp-undeliverable-ends-association')) {
      this.close();
      this.#options.endControl();
    }
  }

  #socketFor(family: 4 | 6): dgram.Socket {
    const existing = this.#outbound.get(family);
    if (existing) return existing;
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    socket.on('error', () => {});
    socket.on('message', (message, remote) => this.#fromRemote(message, remote));
    socket.bind(0);
    this.#outbound.set(family, socket);
    return socket;
  }

  #fromRemote(message: Buffer, remote: dgram.RemoteInfo): void {
    const client = this.#client;
    if (!client || this.#closed) return;
    const { has } = this.#options;
    const source = has('udp-reply-names-client') ? client : { address: remote.address, port: remote.port };
    const wrapped = has('udp-reply-without-header')
      ? message
      : encodeUdpDatagram(addressFrom(source.address), source.port, message);
    if (wrapped.length > MAX_UDP_PAYLOAD) return;
    this.#toClient(wrapped);
  }

  #toClient(bytes: Buffer): void {
    const client = this.#client;
    if (!client || this.#closed) return;
    this.#options.relay.send(bytes, client.port, client.address, () => {});
  }
}
