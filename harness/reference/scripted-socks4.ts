import { Socks4Code, Socks4Command } from '../wire/constants.js';
import { decodeSocks4Request, encodeSocks4Reply } from '../wire/socks4.js';
import { replyWithFirstData } from './scripted-first-data.js';
import {
  observeClient,
  readMessage,
  refusedAsOther,
  relay,
  type ScriptedConnection,
  sendReply,
  watchBefore,
} from './scripted-steps.js';
import type { Socks4Script } from './server-script.js';

/** The longest USERID or SOCKS4A domain the scripted server reads before calling the request malformed. */
const MAX_FIELD = 1024;

/** A SOCKS4/4A server that answers as `script` says and records the request and what the client did next. */
export async function runSocks4Session(c: ScriptedConnection, script: Socks4Script): Promise<void> {
  const request = await readMessage(c, 'socks4-request', (b) =>
    decodeSocks4Request(b, { socks4a: true, maxField: MAX_FIELD }),
  );
  if (!request) return;
  c.events.push({ type: 'socks4-request', ...request });
  const { command, domain, ip, port } = request.value;
  const rejected = encodeSocks4Reply(Socks4Code.REJECTED, '0.0.0.0', 0);
  if (command === Socks4Command.CONNECT && (await refusedAsOther(c, domain ?? ip, port, rejected))) return;
  if (script.firstDataWithReply) return replyWithFirstData(c, script.reply);
  const early = script.replyDelayMs
    ? await watchBefore(c, 'before-reply', script.replyDelayMs)
    : Buffer.alloc(0);
  const during = await sendReply(c, script.reply);
  if (script.closeAfterReply) c.probe.endWrite();
  if (script.grants ?? script.reply[1] === 90) return relay(c, Buffer.concat([early, during]));
  return observeClient(c, 'after-reply');
}
