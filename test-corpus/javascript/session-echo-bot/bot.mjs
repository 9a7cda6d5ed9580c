// Echo bot for Session. Run with `bun bot.mjs`; set BOT_MNEMONIC to keep the
// same Session ID across restarts.
// expect: sdk/session-js-import
import * as sessionjs from '@session.js/client';
// expect: sdk/session-js-import, sdk/session-js-polling
import { Poller as SwarmPoller } from '@session.js/client/polling';
// expect: sdk/session-js-import, sdk/session-js-identity
import { encode as toMnemonic } from '@session.js/mnemonic';
import { createLogger } from './log.mjs';

const log = createLogger('echo-bot');
const POLL_INTERVAL_MS = Number(process.env.POLL_INTERVAL_MS ?? 3000);

async function freshMnemonic() {
  // expect: sdk/session-js-import, sdk/session-js-identity
  const { generateSeedHex } = await import('@session.js/keypair');
  // expect: sdk/session-js-identity
  return toMnemonic(generateSeedHex());
}

function reply(bot, message) {
  const text = message.text?.trim();
  if (!text) return;
  return bot.sendMessage({ to: message.from, text: `echo: ${text}` });
}

// expect: sdk/session-js-client
await sessionjs.ready;

// expect: sdk/session-js-client
const bot = new sessionjs.Session();
bot.setMnemonic(process.env.BOT_MNEMONIC ?? (await freshMnemonic()));
log.info('listening as', bot.getSessionID());

// expect: sdk/session-js-polling
bot.addPoller(new SwarmPoller({ interval: POLL_INTERVAL_MS }));
bot.on('message', (message) => reply(bot, message));
