/**
 * The fuzzer sends targets to loopback only. Generated destinations are loopback or names that do not leave the
 * host, but cuts, extra octets and lying lengths can make a server read other octets as the address. Before a
 * case is sent, every plausible reading of its request (after the greeting, after the RFC 1929 request, at
 * each message boundary; SOCKS4 with and without 4A) must name loopback, the unspecified address, or a name
 * that stays on this host; otherwise the case is not sent. No SOCKS5 server reads a request at the first octet:
 * it reads a greeting there (RFC 1928 §3), whatever its VER, and the readings after that greeting are checked.
 */
import ipaddr from 'ipaddr.js';
import { decodeAuthRequest } from '../../harness/wire/rfc1929.js';
import { decodeSocks4Request } from '../../harness/wire/socks4.js';
import { decodeGreeting } from '../../harness/wire/socks5-greeting.js';
import { decodeRequest } from '../../harness/wire/socks5-request.js';

/** `localhost`, under `.invalid`, or empty: none needs a resolver beyond this host's (also when cut at a NUL). */
export function isHostOnlyName(name: string): boolean {
  const asCString = name.split('\0')[0] ?? '';
  return [name, asCString].every((n) => n === '' || /^localhost\.?$/i.test(n) || /\.invalid\.?$/i.test(n));
}

/** Loopback, or exactly 0.0.0.0 or `::` (other 0.0.0.0/8 addresses are routed off the host on Linux). */
function isLocalAddress(host: string): boolean {
  if (!ipaddr.isValid(host)) return false;
  const address = ipaddr.process(host);
  return (
    address.range() === 'loopback' ||
    address.toNormalizedString() ===
      ipaddr.parse(address.kind() === 'ipv4' ? '0.0.0.0' : '::').toNormalizedString()
  );
}

function socks5ReadingIsSafe(bytes: Buffer): boolean {
  const request = decodeRequest(bytes);
  if (request.kind !== 'decoded') return true;
  const { address } = request.value;
  return address.type === 'domain' ? isHostOnlyName(address.host) : isLocalAddress(address.host);
}

function socks4ReadingIsSafe(bytes: Buffer): boolean {
  if (bytes[0] !== 4) return true;
  const as4a = decodeSocks4Request(bytes, { socks4a: true, maxField: 1 << 20 });
  if (as4a.kind === 'decoded' && as4a.value.domain !== undefined && !isHostOnlyName(as4a.value.domain))
    return false;
  // DSTIP 0.0.0.x of a genuine 4A request is the protocol's signal (a server without 4A may try it, as the
  // server suite's SOCKS4A cases already let it); any other DSTIP must be local.
  const genuine4a = as4a.kind === 'decoded' && as4a.value.domain !== undefined;
  const plain = decodeSocks4Request(bytes, { maxField: 1 << 20 });
  return plain.kind !== 'decoded' || genuine4a || isLocalAddress(plain.value.ip);
}

/** `messages`: the octets of each message as they will be sent. */
export function readsAsLoopbackOnly(messages: readonly Buffer[]): boolean {
  const sent = Buffer.concat(messages);
  const offsets = new Set<number>([0]);
  let boundary = 0;
  for (const message of messages) {
    boundary += message.length;
    offsets.add(boundary);
  }
  const greeting = decodeGreeting(sent);
  if (greeting.kind === 'decoded') {
    offsets.add(greeting.length);
    const auth = decodeAuthRequest(sent.subarray(greeting.length));
    if (auth.kind === 'decoded') offsets.add(greeting.length + auth.length);
  }
  return [...offsets].every((at) => {
    const rest = sent.subarray(at);
    return (at === 0 || socks5ReadingIsSafe(rest)) && socks4ReadingIsSafe(rest);
  });
}
