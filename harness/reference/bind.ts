import { Reply } from '../wire/constants.js';
import type { CommandContext } from './command.js';

/** BIND (RFC 1928 §6): not served yet. */
export async function serveBind(context: CommandContext): Promise<void> {
  context.fail(Reply.COMMAND_NOT_SUPPORTED);
}
