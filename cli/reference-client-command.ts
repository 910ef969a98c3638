import { parseEndpoint } from '../harness/net/endpoint.js';
import { type ClientFault, clientFaultCatalogue, isClientFault } from '../harness/reference/client-faults.js';
import { type ClientScheme, referenceFetch } from '../harness/reference/reference-client.js';
import { referenceUdpExchange } from '../harness/reference/reference-udp-client.js';
import { UsageError } from './usage-error.js';

export interface ReferenceClientFlags {
  proxy: string;
  url: string;
  scheme: string;
  user?: string;
  password?: string;
  fault: string[];
  offerGssapi?: boolean;
  udp?: boolean;
}

const schemes: readonly ClientScheme[] = ['socks4', 'socks4a', 'socks5', 'socks5h'];

/** `socks-conformance reference-client`: the reference SOCKS client, e.g. as the command of a client run. */
export async function referenceClientCommand(flags: ReferenceClientFlags): Promise<number> {
  const proxy = parseEndpoint(flags.proxy);
  if (!proxy.ok) throw new UsageError(`--proxy ${JSON.stringify(flags.proxy)}: ${proxy.reason}`);
  if (!(schemes as readonly string[]).includes(flags.scheme))
    throw new UsageError(
      `--scheme must be one of ${schemes.join(', ')}, not ${JSON.stringify(flags.scheme)}`,
    );
  if (!URL.canParse(flags.url) || !flags.url.startsWith('http://'))
    throw new UsageError(`--url must be an http:// URL, not ${JSON.stringify(flags.url)}`);
  const faults = new Set<ClientFault>();
  for (const name of flags.fault) {
    if (!isClientFault(name))
      throw new UsageError(
        `unknown client fault ${JSON.stringify(name)}; known: ${Object.keys(clientFaultCatalogue).join(', ')}`,
      );
    faults.add(name);
  }
  const exchange = flags.udp ? referenceUdpExchange : referenceFetch;
  const result = await exchange({
    scheme: flags.scheme as ClientScheme,
    proxy: proxy.endpoint,
    url: flags.url,
    ...(flags.user !== undefined ? { user: flags.user, password: flags.password ?? '' } : {}),
    faults,
    ...(flags.offerGssapi ? { offerGssapi: true } : {}),
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}
