import { methodName, SOCKS5_VERSION } from './constants.js';
import { type DecodeResult, decoded, needMore } from './decode-result.js';
import { octet } from './octet.js';

/** RFC 1928 §3: VER, NMETHODS, METHODS. */
export interface Greeting {
  readonly version: number;
  readonly methods: readonly number[];
}

export interface GreetingEncoding {
  readonly version?: number;
  /** Overrides NMETHODS (a count that lies about the methods that follow). */
  readonly nmethods?: number;
}

export function encodeGreeting(methods: readonly number[], options: GreetingEncoding = {}): Buffer {
  const nmethods = options.nmethods ?? methods.length;
  return Buffer.from([
    octet(options.version ?? SOCKS5_VERSION, 'VER'),
    octet(nmethods, 'NMETHODS'),
    ...methods.map((method) => octet(method, 'METHOD')),
  ]);
}

/** Structural decode: any VER is returned as received; NMETHODS 0 decodes to an empty list. */
export function decodeGreeting(buffer: Uint8Array): DecodeResult<Greeting> {
  if (buffer.length < 2) return needMore;
  const count = buffer[1]!;
  if (buffer.length < 2 + count) return needMore;
  const methods: number[] = [];
  for (let i = 2; i < 2 + count; i++) methods.push(buffer[i]!);
  return decoded({ version: buffer[0]!, methods }, 2 + count);
}

export function describeGreeting(greeting: Greeting): string {
  const names =
    greeting.methods.length <= 8
      ? greeting.methods.map(methodName).join(', ')
      : `${greeting.methods.length} methods`;
  return `VER=${greeting.version} NMETHODS=${greeting.methods.length} [${names}]`;
}

/** RFC 1928 §3: the server's METHOD selection message, VER and METHOD. */
export interface MethodSelection {
  readonly version: number;
  readonly method: number;
}

export function encodeMethodSelection(method: number, version = SOCKS5_VERSION): Buffer {
  return Buffer.from([version, method]);
}

export function decodeMethodSelection(buffer: Uint8Array): DecodeResult<MethodSelection> {
  if (buffer.length < 2) return needMore;
  return decoded({ version: buffer[0]!, method: buffer[1]! }, 2);
}

export function describeMethodSelection(selection: MethodSelection): string {
  // methodName already carries the hex code of a private or unassigned method.
  return `VER=${selection.version} METHOD=${methodName(selection.method)}`;
}
