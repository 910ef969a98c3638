import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { Duplex } from 'node:stream';
import type { Endpoint } from '../net/endpoint.js';
import { closeWithin } from './close-within.js';

export interface TokenDestinationOptions {
  readonly host: string;
  /** The path an HTTP request must ask for to get the token; any other path gets 404. */
  readonly path: string;
  /** What the destination gives: a client proves it received the destination's data by printing it. */
  readonly token: string;
  /** How long a connection may stay silent before the destination answers it unasked (already scaled). */
  readonly silenceMs: number;
  /**
   * Whether a connection from `peer` may have the token. The client cases admit only the scripted proxy's relay,
   * so that a client that reaches the destination some other way (directly) is seen, and cannot print the token.
   */
  readonly admits: (peer: Endpoint) => boolean;
  /** Told of each answer, for the case's trace. */
  readonly onAnswer?: (answer: DestinationAnswer) => void;
}

/** How the destination answered one connection; `admitted` false: it came from a peer `admits` refused (403). */
export type DestinationAnswer = { readonly admitted: boolean } & (
  | { readonly kind: 'http'; readonly method: string; readonly path: string; readonly status: number }
  /** No HTTP request came: the client half-closed, or was silent for `silenceMs` after its last octet. */
  | { readonly kind: 'unasked'; readonly after: 'fin' | 'silence'; readonly receivedOctets: number }
  | { readonly kind: 'bad-request'; readonly reason: string }
);

export interface TokenDestination {
  readonly endpoint: Endpoint;
  answers(): readonly DestinationAnswer[];
  close(): Promise<void>;
}

/** A case's path and token: random, so that a client can only know the token by receiving it. */
export function newTokenPage(): { readonly path: string; readonly token: string } {
  const hex = () => randomBytes(12).toString('hex');
  return { path: `/case-${hex()}`, token: `socks-conformance-token-${hex()}` };
}

const CLOSE_DEADLINE_MS = 2000;
/** Connections served at once; more are refused, which bounds the work a client can cause. */
const MAX_CONNECTIONS = 16;

/** The longest method a client sends (OPTIONS, CONNECT) with room to spare: octets read before deciding. */
const LONGEST_METHOD = 16;

/**
 * Whether the first octets a client sent start an HTTP request: its method, a token of upper-case letters in
 * every method a client sends, then a space. `undecided` while they are upper-case letters and few enough to be
 * a method cut short ("GE", written bytewise); a piped "Hello" is no request.
 */
function httpStart(first: Buffer): 'http' | 'not-http' | 'undecided' {
  for (const [i, octet] of first.entries()) {
    if (octet === 0x20) return i > 0 ? 'http' : 'not-http';
    if (octet < 0x41 || octet > 0x5a || i >= LONGEST_METHOD) return 'not-http';
  }
  return 'undecided';
}

const NOT_ADMITTED = 'not through the proxy of this case\n';

function unaskedResponse(token: string, admitted: boolean): Buffer {
  const status = admitted ? '200 OK' : '403 Forbidden';
  const body = admitted ? `${token}\n` : NOT_ADMITTED;
  return Buffer.from(
    `HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    'latin1',
  );
}

/**
 * The destination of one client case, on a loopback port of its own, so that whoever connects to it came for
 * that case and gets its token, the way each kind of client expects:
 * - an HTTP request (parsed by Node's own HTTP server) gets an HTTP answer: 200 with the token for the case's
 *   path, 404 for another path;
 * - a tunnel client that sends no request (`nc -X 5 -x PROXY HOST PORT` with stdin closed) gets the token
 *   unasked when it half-closes, or once it has been silent for `silenceMs`;
 * - a connection from a peer `admits` refuses gets 403 instead, never the token.
 * The unasked answer is itself an HTTP/1.0 response, so an HTTP client slow to send its request (a loaded CI
 * host) that finds it waiting still reads a valid answer carrying the token: the silence rule cannot turn a
 * slow fetcher into a false failure. After answering, the destination half-closes and reads on until the
 * client ends; everything is closed by `close()` at the end of the case.
 */
export function startTokenDestination(options: TokenDestinationOptions): Promise<TokenDestination> {
  const answers: DestinationAnswer[] = [];
  const sockets = new Set<net.Socket>();
  const answered = (answer: DestinationAnswer) => {
    answers.push(answer);
    options.onAnswer?.(answer);
  };

  /** The peer of each connection handed to the HTTP server, by the stream it was handed as. */
  const peers = new WeakMap<object, Endpoint>();
  // Decided when answering, not on accepting: by then the relay has long told who it is.
  const admitted = (peer: Endpoint | undefined) => peer !== undefined && options.admits(peer);

  const httpServer = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const admit = admitted(peers.get(request.socket));
    const found = (request.method === 'GET' || request.method === 'HEAD') && path === options.path;
    const status = !admit ? 403 : found ? 200 : 404;
    const body = status === 200 ? `${options.token}\n` : status === 403 ? NOT_ADMITTED : 'not found\n';
    answered({ kind: 'http', admitted: admit, method: request.method ?? '', path, status });
    response.writeHead(status, {
      'content-type': 'text/plain',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    response.end(body);
  });
  httpServer.on('clientError', (error: NodeJS.ErrnoException, stream) => {
    answered({
      kind: 'bad-request',
      admitted: admitted(peers.get(stream)),
      reason: error.code ?? error.message,
    });
    if (stream.writable) stream.end('HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  /** Hands the connection to the HTTP server through a stream that owns none of the socket's resources. */
  const serveHttp = (socket: net.Socket, peer: Endpoint, first: Buffer) => {
    const bridge = new Duplex({
      read: () => socket.resume(),
      write: (chunk: Buffer, _encoding, done) => {
        if (socket.writable) socket.write(chunk, () => done());
        else done();
      },
      final: (done) => {
        socket.end();
        done();
      },
      destroy: (error, done) => {
        if (socket.writable) socket.end();
        done(error);
      },
    });
    socket.on('data', (chunk: Buffer) => {
      if (!bridge.push(chunk)) socket.pause();
    });
    socket.on('end', () => bridge.push(null));
    socket.on('close', () => bridge.destroy());
    peers.set(bridge, peer);
    httpServer.emit('connection', bridge);
    bridge.push(first);
  };

  const serve = (socket: net.Socket) => {
    const peer = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    // Octets that are no HTTP request are counted, never kept.
    let received = 0;
    let silence: NodeJS.Timeout | undefined;
    let done = false;
    const answerUnasked = (after: 'fin' | 'silence') => {
      clearTimeout(silence);
      if (done) return;
      done = true;
      socket.removeAllListeners('data');
      socket.on('data', () => {});
      const admit = admitted(peer);
      answered({ kind: 'unasked', admitted: admit, after, receivedOctets: received });
      if (socket.writable) socket.end(unaskedResponse(options.token, admit));
    };
    const restartSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => answerUnasked('silence'), options.silenceMs);
    };
    // The first octets, kept until they tell whether an HTTP request starts (at most LONGEST_METHOD + 1 of them).
    let first: Buffer | undefined = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (first !== undefined) {
        const start = Buffer.concat([first, chunk]);
        const kind = httpStart(start);
        if (kind === 'http') {
          clearTimeout(silence);
          socket.removeAllListeners('data');
          socket.removeAllListeners('end');
          serveHttp(socket, peer, start);
          return;
        }
        first = kind === 'undecided' ? start : undefined;
      }
      received += chunk.length;
      restartSilence();
    });
    socket.once('end', () => answerUnasked('fin'));
    socket.on('close', () => clearTimeout(silence));
    restartSilence();
  };

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    if (sockets.size >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      const { port } = server.address() as net.AddressInfo;
      resolve({
        endpoint: { host: options.host, port },
        answers: () => [...answers],
        close: () => {
          for (const socket of sockets) socket.destroy();
          return closeWithin(new Promise((done) => server.close(() => done(undefined))), CLOSE_DEADLINE_MS);
        },
      });
    });
  });
}
