// Identity of the bot: a seed kept as the 13-word mnemonic, from which the
// Session ID key pairs are derived.
// expect: sdk/session-js-import, sdk/session-js-identity
import { generateSeedHex, getKeypairFromSeed, type Keypair } from '@session.js/keypair';
// expect: sdk/session-js-import
import * as mnemonic from '@session.js/mnemonic';
// expect: sdk/session-js-import, sdk/session-js-types
import type { Swarm } from '@session.js/types/swarm';
// expect: sdk/session-js-import, sdk/session-js-types
import { SnodeNamespaces } from '@session.js/types';

export interface BotIdentity {
  mnemonic: string;
  // expect: sdk/session-js-identity
  keys: Keypair;
}

export function loadIdentity(saved?: string): BotIdentity {
  // expect: sdk/session-js-identity
  const seed = saved ? mnemonic.decode(saved) : generateSeedHex();
  return {
    // expect: sdk/session-js-identity
    mnemonic: mnemonic.encode(seed),
    // expect: sdk/session-js-identity
    keys: getKeypairFromSeed(seed),
  };
}

// Namespaces the bot reads: its inbox and its contact list.
// expect: sdk/session-js-types
export const POLLED_NAMESPACES = [SnodeNamespaces.UserMessages, SnodeNamespaces.UserContacts] as const;

// expect: sdk/session-js-types
export function describeSwarm(swarm: Swarm): string {
  return `swarm ${swarm.swarm_id ?? '?'} with ${swarm.snodes?.length ?? 0} nodes`;
}
