import { type Placeholders, placeholderNames } from './client-case.js';

/** A client command with placeholders, checked once, instantiated per case. */
export interface CommandTemplate {
  readonly text: string;
  /** True when the command needs a shell (pipes, quotes, `$`, redirections…): it then runs as `/bin/sh -c`. */
  readonly shell: boolean;
  /** Whether `{user}` appears: the client is given RFC 1929 credentials. */
  readonly givesCredentials: boolean;
}

export class CommandTemplateError extends Error {}

const PLACEHOLDER = /\{([a-z_]+)\}/g;
/** Characters that mean something to a shell; a command without them is split on blanks and run directly. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}!\n]/;
/**
 * Every value the harness substitutes is made of these characters only (loopback addresses, ports, fixed
 * credentials, paths of hex, names of letters, digits, dots and hyphens, some of them letters beyond ASCII, which
 * no shell treats as syntax), so that it needs no quoting in any shell context, inside quotes or not. The one
 * exception, `[` and `]` around `::1` in the IPv6 cases' `{url}`, is a glob only if a folder named `http:` exists
 * where the client runs; otherwise the shell leaves the word as it is.
 */
const SAFE_VALUE = /^[\p{L}\p{M}0-9._:/@-]*$|^http:\/\/\[[0-9a-f:]+\]:[0-9]+\/[A-Za-z0-9._/-]*$/u;

export function parseCommandTemplate(text: string): CommandTemplate {
  if (text.trim() === '') throw new CommandTemplateError('--exec needs a command');
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!(placeholderNames as readonly string[]).includes(match[1]!)) {
      throw new CommandTemplateError(
        `--exec: unknown placeholder {${match[1]}}; known: ${placeholderNames.map((n) => `{${n}}`).join(' ')}`,
      );
    }
  }
  if (!/\{proxy(_port)?\}/.test(text))
    throw new CommandTemplateError('--exec: the command must name the proxy with {proxy} or {proxy_port}');
  const bare = text.replace(PLACEHOLDER, 'x');
  const firstWord = bare.trim().split(/\s+/)[0] ?? '';
  return {
    text,
    shell: SHELL_SYNTAX.test(bare) || firstWord.includes('='),
    givesCredentials: text.includes('{user}'),
  };
}

function substitute(text: string, values: Placeholders): string {
  return text.replace(PLACEHOLDER, (_, name: keyof Placeholders) => {
    const value = values[name];
    if (!SAFE_VALUE.test(value))
      throw new Error(`placeholder {${name}} value ${JSON.stringify(value)} is not shell-safe`);
    return value;
  });
}

/** The program and arguments to spawn for one case. */
export function instantiate(
  template: CommandTemplate,
  values: Placeholders,
): { file: string; args: string[] } {
  if (template.shell) return { file: '/bin/sh', args: ['-c', substitute(template.text, values)] };
  const words = template.text
    .trim()
    .split(/\s+/)
    .map((word) => substitute(word, values));
  return { file: words[0]!, args: words.slice(1) };
}
