import { ipv4 } from '../wire/address.js';
import { Command, Method, Reply, RFC1961_VERSION } from '../wire/constants.js';
import { decodeAuthRequest } from '../wire/rfc1929.js';
import { decodeGssMessage, encodeGssAbort } from '../wire/rfc1961.js';
import { decodeGreeting, encodeMethodSelection } from '../wire/socks5-greeting.js';
import { decodeRequest, encodeReply } from '../wire/socks5-request.js';
import { replyWithFirstData } from './scripted-first-data.js';
import {
  observeClient,
  readMessage,
  refusedAsOther,
  relay,
  type ScriptedConnection,
  sendMessage,
  sendReply,
  watchBefore,
} from './scripted-steps.js';
import { runUdpAssociation } from './scripted-udp.js';
import type { Socks5Script } from './server-script.js';

function selectMethod(script: Socks5Script, offered: readonly number[]): number {
  return script.methods.find((m) => offered.includes(m)) ?? Method.NO_ACCEPTABLE;
}

/**
 * A SOCKS5 server that answers as `script` says (RFC 1928 §3–§6, RFC 1929, the RFC 1961 abort) and records
 * every message of the client and what it did after each answer that ends the exchange.
 */
export async function runSocks5Session(c: ScriptedConnection, script: Socks5Script): Promise<void> {
  const greeting = await readMessage(c, 'greeting', decodeGreeting);
  if (!greeting) return;
  c.events.push({ type: 'greeting', ...greeting });
  const method = selectMethod(script, greeting.value.methods);
  if (script.selectionDelayMs) await watchBefore(c, 'before-selection', script.selectionDelayMs);
  await sendMessage(c, 'selection', script.selection ?? encodeMethodSelection(method));
  if (script.selection) return observeClient(c, 'after-selection');
  if (method === Method.NO_ACCEPTABLE) return observeClient(c, 'after-ff');
  if (method === Method.GSSAPI) {
    const message = await readMessage(c, 'gssapi', decodeGssMessage);
    if (!message) return;
    c.events.push({ type: 'gssapi', ...message });
    if (script.gssAnswer) {
      await sendMessage(c, 'gss-token', script.gssAnswer);
      return observeClient(c, 'after-gss-token');
    }
    await sendMessage(c, 'gss-abort', encodeGssAbort(RFC1961_VERSION));
    return observeClient(c, 'after-gss-abort');
  }
  if (method === Method.USERNAME_PASSWORD) {
    const auth = await readMessage(c, 'auth', decodeAuthRequest);
    if (!auth) return;
    c.events.push({ type: 'auth', ...auth });
    const response = script.authResponse ?? Buffer.from([0x01, 0x00]);
    await sendMessage(c, 'auth-response', response);
    if (response[1] !== 0x00) return observeClient(c, 'after-auth-failure');
  }
  const request = await readMessage(c, 'request', decodeRequest);
  if (!request) return;
  c.events.push({ type: 'request', ...request });
  const { command, address, port } = request.value;
  const notAllowed = encodeReply(Reply.NOT_ALLOWED, ipv4('0.0.0.0'), 0);
  if (command === Command.CONNECT && (await refusedAsOther(c, address.host, port, notAllowed))) return;
  if (script.udp && command === Command.UDP_ASSOCIATE) return runUdpAssociation(c, script.udp);
  if (script.firstDataWithReply) return replyWithFirstData(c, script.reply);
  const early = script.replyDelayMs
    ? await watchBefore(c, 'before-reply', script.replyDelayMs)
    : Buffer.alloc(0);
  const during = await sendReply(c, script.reply);
  if (script.closeAfterReply) c.probe.endWrite();
  if (script.grants ?? script.reply[1] === 0x00) return relay(c, Buffer.concat([early, during]));
  return observeClient(c, 'after-reply');
}
