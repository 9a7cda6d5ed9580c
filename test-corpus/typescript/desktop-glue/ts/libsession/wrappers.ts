// Worker-side owner of the libsession wrappers. The main thread never touches
// the native objects; it sends [wrapper, method, ...args] tuples here.
// expect: libsession/nodejs-import, libsession/nodejs-id-types
import type { GroupPubkeyType, PubkeyType } from 'libsession_util_nodejs';
// expect: libsession/nodejs-import, libsession/nodejs-config-wrappers
import {
  MetaGroupWrapperNode,
  UserConfigWrapperNode,
  UserGroupsWrapperNode,
} from 'libsession_util_nodejs';
// expect: libsession/nodejs-import
import * as libsession from 'libsession_util_nodejs';
import { toHex } from '../utils/hex';

// expect: libsession/nodejs-config-wrappers
let userConfig: UserConfigWrapperNode | undefined;
// expect: libsession/nodejs-config-wrappers
let userGroups: UserGroupsWrapperNode | undefined;
// expect: libsession/nodejs-id-types, libsession/nodejs-config-wrappers
const groups = new Map<GroupPubkeyType, MetaGroupWrapperNode>();

export function initUserWrappers(ed25519Secret: Uint8Array, dumps: Record<string, Uint8Array | null>): void {
  // expect: libsession/nodejs-config-wrappers
  userConfig = new UserConfigWrapperNode(ed25519Secret, dumps.UserConfig ?? null);
  // expect: libsession/nodejs-config-wrappers
  userGroups = new UserGroupsWrapperNode(ed25519Secret, dumps.UserGroupsConfig ?? null);
}

export function loadGroup(
  // expect: libsession/nodejs-id-types
  groupPk: GroupPubkeyType,
  userEd25519Secret: Uint8Array,
  groupEd25519Secret: Uint8Array | null,
): void {
  groups.set(
    groupPk,
    // expect: libsession/nodejs-config-wrappers
    new MetaGroupWrapperNode({
      groupEd25519Pubkey: Buffer.from(groupPk.slice(2), 'hex'),
      groupEd25519Secretkey: groupEd25519Secret,
      userEd25519Secretkey: userEd25519Secret,
      metaDumped: null,
    }),
  );
}

export function displayName(): string | null {
  return userConfig?.getName() ?? null;
}

// expect: libsession/nodejs-id-types
export function encryptTo(recipient: PubkeyType, plaintext: Uint8Array, senderEd25519Secret: Uint8Array) {
  // expect: libsession/nodejs-encryption
  return libsession.MultiEncryptWrapperNode.encryptFor1o1([
    { plaintext, sentTimestampMs: Date.now(), recipientPubkey: recipient, senderEd25519Seed: senderEd25519Secret },
  ]);
}

export function proFeatures(body: string) {
  // expect: libsession/nodejs-pro
  return libsession.ProWrapperNode.proFeaturesForMessage({ utf16: body, proFeaturesBitset: 0n });
}

export function debugState(): string {
  return `groups=${groups.size} user=${toHex(userConfig?.dump() ?? new Uint8Array())}`;
}
