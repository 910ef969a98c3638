import { type Placeholders, placeholderNames } from '../../model/client-case.js';
import {
  type CommandTemplate,
  CommandTemplateError,
  fillCommand,
  parseCommandTemplate,
} from '../../process/command-template.js';

/** A client command (`--exec`), checked once, instantiated per case. */
export interface ClientCommand extends CommandTemplate {
  /** Whether `{user}` appears: the client is given RFC 1929 credentials. */
  readonly givesCredentials: boolean;
}

export { CommandTemplateError };

/**
 * Every value the harness substitutes is made of these characters only (loopback addresses, ports, fixed
 * credentials, paths of hex, names of letters, digits, dots and hyphens, some of them letters beyond ASCII, which
 * no shell treats as syntax), so that it needs no quoting in any shell context, inside quotes or not. The one
 * exception, `[` and `]` around `::1` in the IPv6 cases' `{url}`, is a glob only if a folder named `http:` exists
 * where the client runs; otherwise the shell leaves the word as it is.
 */
const SAFE_VALUE = /^[\p{L}\p{M}0-9._:/@-]*$|^http:\/\/\[[0-9a-f:]+\]:[0-9]+\/[A-Za-z0-9._/-]*$/u;

export function parseClientCommand(text: string): ClientCommand {
  const template = parseCommandTemplate(text, '--exec', placeholderNames);
  if (!template.placeholders.has('proxy') && !template.placeholders.has('proxy_port'))
    throw new CommandTemplateError('--exec: the command must name the proxy with {proxy} or {proxy_port}');
  return { ...template, givesCredentials: template.placeholders.has('user') };
}

/** The program and arguments to spawn for one case. */
export function instantiate(command: ClientCommand, values: Placeholders): { file: string; args: string[] } {
  return fillCommand(command, (name) => {
    const value = values[name as keyof Placeholders];
    if (!SAFE_VALUE.test(value))
      throw new Error(`placeholder {${name}} value ${JSON.stringify(value)} is not shell-safe`);
    return value;
  });
}
