import {
  type CommandTemplate,
  CommandTemplateError,
  fillCommand,
  parseCommandTemplate,
} from '../process/command-template.js';

/** A `--target-cmd` command line, checked once and filled in with a port at every (re)start. */
export type TargetCommand = CommandTemplate;

export class TargetCommandError extends Error {}

export function parseTargetCommand(text: string): TargetCommand {
  let command: CommandTemplate;
  try {
    command = parseCommandTemplate(text, '--target-cmd', ['port', 'host']);
  } catch (error) {
    if (error instanceof CommandTemplateError) throw new TargetCommandError(error.message);
    throw error;
  }
  if (!command.placeholders.has('port'))
    throw new TargetCommandError('--target-cmd needs {port}, where the harness puts the port it picked');
  return command;
}

/** The program and arguments to spawn; the values substituted are a loopback address and a port number. */
export function commandArgv(
  command: TargetCommand,
  values: { readonly host: string; readonly port: number },
): { file: string; args: string[] } {
  return fillCommand(command, (name) => (name === 'port' ? String(values.port) : values.host));
}
