import { RFC1929_VERSION } from './constants.js';
import { type DecodeResult, decoded, needMore } from './decode-result.js';
import { octet } from './octet.js';

/**
 * RFC 1929 §2: VER, ULEN, UNAME, PLEN, PASSWD. Credentials are encoded to and decoded from UTF-8; octets that
 * are not valid UTF-8 decode to U+FFFD, so only valid UTF-8 survives a decode/encode round trip.
 */
export interface AuthRequest {
  readonly version: number;
  readonly username: string;
  readonly password: string;
}

export interface AuthRequestEncoding {
  readonly version?: number;
  readonly usernameLength?: number;
  readonly passwordLength?: number;
}

/** A username or password given as text is encoded as UTF-8 octets; given as octets, it is sent as it is. */
export function encodeAuthRequest(
  username: string | Uint8Array,
  password: string | Uint8Array,
  options: AuthRequestEncoding = {},
): Buffer {
  const user = typeof username === 'string' ? Buffer.from(username, 'utf8') : Buffer.from(username);
  const pass = typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
  return Buffer.concat([
    Buffer.from([
      octet(options.version ?? RFC1929_VERSION, 'VER'),
      octet(options.usernameLength ?? user.length, 'ULEN'),
    ]),
    user,
    Buffer.from([octet(options.passwordLength ?? pass.length, 'PLEN')]),
    pass,
  ]);
}

export function decodeAuthRequest(buffer: Uint8Array): DecodeResult<AuthRequest> {
  if (buffer.length < 2) return needMore;
  const ulen = buffer[1]!;
  if (buffer.length < 2 + ulen + 1) return needMore;
  const plen = buffer[2 + ulen]!;
  const end = 3 + ulen + plen;
  if (buffer.length < end) return needMore;
  return decoded(
    {
      version: buffer[0]!,
      username: Buffer.from(buffer.subarray(2, 2 + ulen)).toString('utf8'),
      password: Buffer.from(buffer.subarray(3 + ulen, end)).toString('utf8'),
    },
    end,
  );
}

export function describeAuthRequest(request: AuthRequest): string {
  return `VER=${request.version} ULEN=${Buffer.byteLength(request.username)} UNAME=${JSON.stringify(request.username)} PLEN=${Buffer.byteLength(request.password)} PASSWD=<redacted>`;
}

/** RFC 1929 §2: VER, STATUS. */
export interface AuthResponse {
  readonly version: number;
  readonly status: number;
}

export function encodeAuthResponse(status: number, version = RFC1929_VERSION): Buffer {
  return Buffer.from([version, status]);
}

export function decodeAuthResponse(buffer: Uint8Array): DecodeResult<AuthResponse> {
  if (buffer.length < 2) return needMore;
  return decoded({ version: buffer[0]!, status: buffer[1]! }, 2);
}

export function describeAuthResponse(response: AuthResponse): string {
  return `VER=${response.version} STATUS=${response.status} (${response.status === 0 ? 'success' : 'failure'})`;
}
