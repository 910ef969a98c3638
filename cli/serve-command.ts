import { formatEndpoint } from '../harness/net/endpoint.js';
import { defaultUsers } from '../harness/reference/config.js';
import { startReferenceServer } from '../harness/reference/server.js';
import { parseFaults, parsePort } from './parse-options.js';

export interface ServeFlags {
  host: string;
  port: string;
  fault: string[];
  user?: string;
  password?: string;
}

/** Runs the reference server (or, with --fault, a mutant) until interrupted. */
export async function serveCommand(flags: ServeFlags): Promise<number> {
  const faults = parseFaults(flags.fault);
  const users = flags.user !== undefined ? { [flags.user]: flags.password ?? '' } : defaultUsers;
  const server = await startReferenceServer({ host: flags.host, port: parsePort(flags.port), faults, users });
  const mutant = faults.size > 0 ? ` (mutant: ${[...faults].join(', ')})` : '';
  process.stdout.write(`reference SOCKS server listening on ${formatEndpoint(server)}${mutant}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
