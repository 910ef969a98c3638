/**
 * A command line the user gives with `{name}` placeholders (`--exec`, `--target-cmd`): checked once, then
 * filled in for every run. A command without shell syntax is split on blanks and run directly; one with quotes,
 * pipes, `$`, redirections or a leading `VAR=value` runs under `/bin/sh -c`.
 */
export interface CommandTemplate {
  readonly text: string;
  /** True when the command needs a shell: it then runs as `/bin/sh -c`. */
  readonly shell: boolean;
  /** The placeholders the command names. */
  readonly placeholders: ReadonlySet<string>;
}

export class CommandTemplateError extends Error {}

const PLACEHOLDER = /\{([a-z_]+)\}/g;
/** Characters that mean something to a shell. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}!\n]/;

/** Checks `text` (given as `option`) against the placeholders the command may name. */
export function parseCommandTemplate(
  text: string,
  option: string,
  known: readonly string[],
): CommandTemplate {
  if (text.trim() === '') throw new CommandTemplateError(`${option} needs a command`);
  const placeholders = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!known.includes(match[1]!)) {
      throw new CommandTemplateError(
        `${option}: unknown placeholder {${match[1]}}; known: ${known.map((n) => `{${n}}`).join(' ')}`,
      );
    }
    placeholders.add(match[1]!);
  }
  const bare = text.replace(PLACEHOLDER, 'x');
  const firstWord = bare.trim().split(/\s+/)[0] ?? '';
  return { text, shell: SHELL_SYNTAX.test(bare) || firstWord.includes('='), placeholders };
}

/**
 * The program and arguments to spawn, each placeholder replaced by `value(name)`. Values go into a shell
 * command unquoted: the caller gives only values no shell treats as syntax.
 */
export function fillCommand(
  template: CommandTemplate,
  value: (name: string) => string,
): { file: string; args: string[] } {
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => value(name));
  if (template.shell) return { file: '/bin/sh', args: ['-c', fill(template.text)] };
  const words = template.text.trim().split(/\s+/).map(fill);
  return { file: words[0]!, args: words.slice(1) };
}
