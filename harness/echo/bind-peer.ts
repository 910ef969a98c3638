import type { Endpoint } from '../net/endpoint.js';
import { openTcp, type TcpOpenResult } from '../net/tcp-probe.js';
import type { Trace } from '../net/trace.js';

export interface ConnectFromOptions {
  /** Source address, e.g. `127.0.0.2`; by default the OS chooses. */
  from?: string;
  to: Endpoint;
  trace: Trace;
  conn: string;
  timeoutMs: number;
}

/** The peer that connects to a SOCKS server's BIND address, from a chosen source address. */
export function connectFrom(opts: ConnectFromOptions): Promise<TcpOpenResult> {
  return openTcp(opts.to.host, opts.to.port, {
    trace: opts.trace,
    conn: opts.conn,
    connectTimeoutMs: opts.timeoutMs,
    localAddress: opts.from,
  });
}
