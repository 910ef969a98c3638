import { RFC1929_VERSION } from './constants.js';
import { type DecodeResult, decoded, needMore } from './decode-result.js';

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

/** Username and password are encoded as UTF-8 octets. */
export function encodeAuthRequest(
  username: string,
  password: string,
  options: AuthRequestEncoding = {},
): Buffer {
  const user = Buffer.from(username, 'utf8');
  const pass = Buffer.from(password, 'utf8');
  return Buffer.concat([
    Buffer.from([options.version ?? RFC1929_VERSION, (options.usernameLength ?? user.length) & 0xff]),
    user,
    Buffer.from([(options.passwordLength ?? pass.length) & 0xff]),
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
