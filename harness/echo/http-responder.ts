import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Endpoint } from '../net/endpoint.js';
import { closeWithin } from './close-within.js';

/** A page the responder serves: a GET of `path` answers `body`, a token a client can only know by fetching it. */
export interface TokenPage {
  readonly path: string;
  readonly body: string;
}

export interface HttpResponder {
  readonly endpoint: Endpoint;
  /** A fresh page with its own token; the responder remembers at most `MAX_PAGES`. */
  register(): TokenPage;
  /** How many GETs the page's path received. */
  hits(path: string): number;
  close(): Promise<void>;
}

const MAX_PAGES = 10_000;
const CLOSE_DEADLINE_MS = 2000;
const REQUEST_TIMEOUT_MS = 10_000;

function token(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`;
}

/**
 * An HTTP/1.1 server on `host` that answers a GET of a registered path with that page's token (text/plain) and
 * anything else with 404, so that a client fetching a case's URL through the proxy proves it received the
 * destination's data.
 */
export function startHttpResponder(host: string): Promise<HttpResponder> {
  const pages = new Map<string, { body: string; hits: number }>();
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const page = request.method === 'GET' || request.method === 'HEAD' ? pages.get(path) : undefined;
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain', connection: 'close' });
      response.end('not found\n');
      return;
    }
    page.hits++;
    response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    response.end(`${page.body}\n`);
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      const { port } = server.address() as { port: number };
      resolve({
        endpoint: { host, port },
        register: () => {
          if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
          const page = { path: `/${token('case')}`, body: token('socks-conformance-token') };
          pages.set(page.path, { body: page.body, hits: 0 });
          return page;
        },
        hits: (path) => pages.get(path)?.hits ?? 0,
        close: () => {
          server.closeAllConnections();
          return closeWithin(new Promise((done) => server.close(() => done(undefined))), CLOSE_DEADLINE_MS);
        },
      });
    });
  });
}
