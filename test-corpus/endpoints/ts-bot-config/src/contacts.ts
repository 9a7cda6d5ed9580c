// Bot allow-list and admin configuration, keyed by Session ID.

export type SessionId = `05${string}`;
export type GroupPubkey = `03${string}`;

export const ADMIN_SESSION_IDS: Array<SessionId> = [
  // expect: identity/session-id-literal
  '057aeb66e45660c3bdfb7c62706f6440226af43ec13f3b6f899c1dd4db1b8fce5b',
  // expect: identity/session-id-literal
  '05d871fc80ca007eed9b2f4df72853e2a2d5465a92fcb1889fb5c84aa2833b3b40',
];

// The bot's own group (a v2 closed group, identified by its Ed25519 key).
// expect: identity/group-id-literal
export const ANNOUNCEMENTS_GROUP: GroupPubkey = '03a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

// Legacy closed groups were addressed with the textsecure prefix.
// expect: identity/legacy-group-id
export const LEGACY_GROUP_PREFIX = '__textsecure_group__!';

export const HELP_TEXT = [
  'This bot relays announcements to Session.',
  // expect: identity/getsession-link
  'What is an Account ID? https://getsession.org/account-ids',
  // expect: identity/getsession-link
  'Staking and token info: https://token.getsession.org',
];

export function isSessionId(value: string): value is SessionId {
  return /^05[0-9a-f]{64}$/.test(value);
}
