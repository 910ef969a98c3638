import { Reply } from '../wire/constants.js';
import type { CommandContext } from './command.js';

/** UDP ASSOCIATE (RFC 1928 §6, §7): not served yet. */
export async function serveUdpAssociate(context: CommandContext): Promise<void> {
  context.fail(Reply.COMMAND_NOT_SUPPORTED);
}
