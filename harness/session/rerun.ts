import { formatEndpoint } from '../net/endpoint.js';
import type { RunOptions } from './run-options.js';
import { runDefaults } from './run-options.js';

/** Quotes a word for a POSIX shell unless it needs none. */
export function shellQuote(text: string): string {
  return /^[\w./:@[\]=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The address, as a URL whose scheme keeps the run's versions when the run was restricted to some. */
function targetUrl(address: string, options: RunOptions): string {
  const { versions } = options;
  if (versions === undefined) return address;
  const scheme = versions.includes('5') ? 'socks5' : versions.includes('4a') ? 'socks4a' : 'socks4';
  return `${scheme}://${address}`;
}

/**
 * The options of a command that re-runs a selection of the same run under the same conditions, so that it gives
 * the same verdict: the target, and every option that decides a verdict when it is not the default. A password
 * is never written out: the command names the environment variable that gives it.
 */
export function rerunArguments(options: RunOptions, extra: { readonly profileFile?: string } = {}): string[] {
  const { target } = options;
  const args: string[] = [];
  if (target.kind === 'address') args.push('--target', targetUrl(formatEndpoint(target.endpoint), options));
  if (target.kind === 'command') args.push('--target-cmd', target.command);
  if (target.kind === 'image')
    args.push('--target-image', target.image, '--target-port', String(target.port));
  if (target.kind === 'reference') for (const fault of target.faults) args.push('--reference-fault', fault);
  if (extra.profileFile !== undefined) args.push('--profile', extra.profileFile);
  if (options.expect.length > 0) args.push('--expect', options.expect.join(','));
  if (options.strict) args.push('--strict');
  if (options.echoHost !== undefined) args.push('--echo-host', options.echoHost);
  if (options.altSource !== runDefaults.altSource) args.push('--alt-source', options.altSource);
  if (options.timeoutMultiplier !== runDefaults.timeoutMultiplier)
    args.push('--timeout-multiplier', String(options.timeoutMultiplier));
  return args;
}

/** `npx socks-conformance … --only ID`, with the run's conditions. */
export function rerunCommand(
  options: RunOptions,
  id: string,
  extra: { readonly profileFile?: string } = {},
): string {
  const words = [...rerunArguments(options, extra), '--only', id].map(shellQuote);
  // Credentials stay in their variables; the reader's shell fills them in.
  const credentials =
    options.credentials && options.target.kind !== 'reference'
      ? ['--user', '"$SOCKS_CONFORMANCE_USER"', '--password', '"$SOCKS_CONFORMANCE_PASSWORD"']
      : [];
  return ['npx socks-conformance', ...words.slice(0, -2), ...credentials, ...words.slice(-2)].join(' ');
}
