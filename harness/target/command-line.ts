/** A `--target-cmd` command line, checked once and filled in with a port at every (re)start. */
export interface TargetCommand {
  readonly text: string;
  /** True when the command needs a shell (pipes, quotes, `$`, redirections…): it then runs as `/bin/sh -c`. */
  readonly shell: boolean;
}

export class TargetCommandError extends Error {}

const PLACEHOLDER = /\{([a-z_]+)\}/g;
const placeholders = ['port', 'host'] as const;
/** Characters that mean something to a shell; a command without them is split on blanks and run directly. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}!\n]/;

export function parseTargetCommand(text: string): TargetCommand {
  if (text.trim() === '') throw new TargetCommandError('--target-cmd needs a command');
  let hasPort = false;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!(placeholders as readonly string[]).includes(match[1]!)) {
      throw new TargetCommandError(
        `--target-cmd: unknown placeholder {${match[1]}}; known: ${placeholders.map((n) => `{${n}}`).join(' ')}`,
      );
    }
    if (match[1] === 'port') hasPort = true;
  }
  if (!hasPort)
    throw new TargetCommandError('--target-cmd needs {port}, where the harness puts the port it picked');
  const bare = text.replace(PLACEHOLDER, 'x');
  const firstWord = bare.trim().split(/\s+/)[0] ?? '';
  return { text, shell: SHELL_SYNTAX.test(bare) || firstWord.includes('=') };
}

/** The program and arguments to spawn; the values substituted are a loopback address and a port number. */
export function commandArgv(
  command: TargetCommand,
  values: { readonly host: string; readonly port: number },
): { file: string; args: string[] } {
  const fill = (word: string) =>
    word.replace(PLACEHOLDER, (_, name: string) => (name === 'port' ? String(values.port) : values.host));
  if (command.shell) return { file: '/bin/sh', args: ['-c', fill(command.text)] };
  const words = command.text.trim().split(/\s+/).map(fill);
  return { file: words[0]!, args: words.slice(1) };
}
