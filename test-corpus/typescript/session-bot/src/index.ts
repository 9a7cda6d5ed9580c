// Public surface of the bot package: the bot itself plus the SDK names that
// plugins need, so they do not import session.js directly.
// expect: sdk/session-js-import, sdk/session-js-client
export { Session as Client, ready } from '@session.js/client';
// expect: sdk/session-js-import
export * from '@session.js/types';
export { SupportBot } from './bot';
export type { BotIdentity } from './identity';
