/** What a read observed: a whole message, bytes that cannot be one, the end of the connection, or nothing in time. */
export type ReadResult<T> =
  | { kind: 'decoded'; value: T; bytes: Buffer; at: number }
  | { kind: 'malformed'; reason: string; bytes: Buffer; at: number }
  /** The peer closed before a whole message arrived; `bytes` is what came. */
  | { kind: 'closed'; how: 'fin' | 'rst'; bytes: Buffer; at: number }
  /** The deadline passed; `bytes` is the partial message, still buffered for a later read. */
  | { kind: 'timeout'; bytes: Buffer; waitedMs: number }
  /** More than `maxBuffer` bytes arrived without forming a message; they are reported and discarded. */
  | { kind: 'overflow'; bytes: Buffer; at: number };

export type SilenceResult =
  | { kind: 'silence' }
  | { kind: 'data'; bytes: Buffer; at: number }
  | { kind: 'closed'; how: 'fin' | 'rst'; bytes: Buffer; at: number };

/**
 * Whether the peer ended the connection in time. `bytes` are what arrived meanwhile (discarded), up to
 * `maxBuffer`; `droppedBytes` counts any beyond that.
 */
export type CloseResult =
  | { kind: 'closed'; how: 'fin' | 'rst'; afterMs: number; bytes: Buffer; droppedBytes: number }
  | { kind: 'open'; waitedMs: number; bytes: Buffer; droppedBytes: number };

export type TcpProbeState = 'open' | 'fin-received' | 'reset' | 'destroyed';
