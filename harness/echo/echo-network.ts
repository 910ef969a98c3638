import type { Endpoint } from '../net/endpoint.js';
import type { TcpOpenResult } from '../net/tcp-probe.js';
import { type ConnectFromOptions, connectFrom } from './bind-peer.js';
import { type TargetNames, targetNames } from './names.js';
import { type RefusedPort, reserveRefusedPort } from './refused-port.js';
import { startTcpEcho } from './tcp-echo.js';
import type { SeenConnection, TcpServer } from './tcp-server.js';
import { startTcpSpeaker } from './tcp-speaker.js';
import { type SeenDatagram, startUdpEcho, type UdpEcho } from './udp-echo.js';

export interface EchoNetworkOptions {
  /** Default `127.0.0.1`. */
  host4?: string;
  /** Default `::1`; `null`, or an address that cannot be bound, leaves the IPv6 parts out. */
  host6?: string | null;
  /** The IPv4 address the target should use to reach us (e.g. the host as seen from a container); default host4. */
  advertiseHost?: string;
  names?: Partial<TargetNames>;
}

/** The destinations a case may ask the target to reach. IPv6 ones are absent when IPv6 is not available. */
export interface EchoEndpoints {
  tcpEcho4: Endpoint;
  tcpEcho6?: Endpoint;
  speaker4: Endpoint;
  udpEcho4: Endpoint;
  udpEcho6?: Endpoint;
  refused4: Endpoint;
}

interface Parts {
  tcpEcho4: TcpServer;
  tcpEcho6: TcpServer | undefined;
  speaker4: TcpServer;
  udpEcho4: UdpEcho;
  udpEcho6: UdpEcho | undefined;
  refused4: RefusedPort;
}

type Closable = { close(): Promise<void> };

/** The reference echo network: the destinations of the target's connections and datagrams. */
export class EchoNetwork {
  readonly names: TargetNames;
  readonly #parts: Parts;
  readonly #advertiseHost: string;
  #closing: Promise<void> | undefined;

  private constructor(parts: Parts, advertiseHost: string, names: TargetNames) {
    this.#parts = parts;
    this.#advertiseHost = advertiseHost;
    this.names = names;
  }

  static async start(opts: EchoNetworkOptions = {}): Promise<EchoNetwork> {
    const host4 = opts.host4 ?? '127.0.0.1';
    const host6 = opts.host6 === undefined ? '::1' : opts.host6;
    const started: Closable[] = [];
    const track = async <T extends Closable>(starting: Promise<T>): Promise<T> => {
      const part = await starting;
      started.push(part);
      return part;
    };
    const optional = <T extends Closable>(starting: Promise<T>): Promise<T | undefined> =>
      track(starting).catch(() => undefined);
    try {
      const parts: Parts = {
        tcpEcho4: await track(startTcpEcho(host4)),
        speaker4: await track(startTcpSpeaker(host4)),
        udpEcho4: await track(startUdpEcho(host4, 4)),
        refused4: await track(reserveRefusedPort(host4)),
        tcpEcho6: host6 === null ? undefined : await optional(startTcpEcho(host6)),
        udpEcho6: host6 === null ? undefined : await optional(startUdpEcho(host6, 6)),
      };
      return new EchoNetwork(parts, opts.advertiseHost ?? host4, targetNames(opts.names));
    } catch (error) {
      await Promise.all(started.map((part) => part.close()));
      throw error;
    }
  }

  endpoints(): EchoEndpoints {
    const p = this.#parts;
    const advertised = (e: Endpoint): Endpoint => ({ host: this.#advertiseHost, port: e.port });
    return {
      tcpEcho4: advertised(p.tcpEcho4.endpoint),
      ...(p.tcpEcho6 && { tcpEcho6: { ...p.tcpEcho6.endpoint } }),
      speaker4: advertised(p.speaker4.endpoint),
      udpEcho4: advertised(p.udpEcho4.endpoint),
      ...(p.udpEcho6 && { udpEcho6: { ...p.udpEcho6.endpoint } }),
      refused4: advertised(p.refused4.endpoint),
    };
  }

  /** Connections accepted by the TCP echoes and the speaker (the last 1000 of each), in time order. */
  connectionsSeen(): SeenConnection[] {
    const servers = [this.#parts.tcpEcho4, this.#parts.tcpEcho6, this.#parts.speaker4];
    return servers.flatMap((s) => s?.connectionsSeen() ?? []).sort((a, b) => a.at - b.at);
  }

  /** Datagrams received by the UDP echoes (the last 1000 of each), in time order. */
  datagramsSeen(): SeenDatagram[] {
    const echoes = [this.#parts.udpEcho4, this.#parts.udpEcho6];
    return echoes.flatMap((e) => e?.datagramsSeen() ?? []).sort((a, b) => a.at - b.at);
  }

  /** Connects to `to` (e.g. a BIND address) from a chosen source address. */
  connectFrom(opts: ConnectFromOptions): Promise<TcpOpenResult> {
    return connectFrom(opts);
  }

  /** Closes every server and destroys every live connection; bounded, never hangs. */
  close(): Promise<void> {
    this.#closing ??= Promise.all(
      Object.values(this.#parts).map((part: Closable | undefined) => part?.close() ?? Promise.resolve()),
    ).then(() => undefined);
    return this.#closing;
  }
}
