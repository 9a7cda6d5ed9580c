// expect-none
// A watch-only Bitcoin wallet: compressed secp256k1 public keys are 02/03 + 64 hex,
// the same shape as a Session group ID (catalog §7.7). No Session context here.

import * as bitcoin from 'bitcoinjs-lib';

export const COSIGNER_PUBKEYS = [
  '03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd',
  '02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9',
  '0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
];

export function multisigAddress(network = bitcoin.networks.bitcoin): string | undefined {
  const pubkeys = COSIGNER_PUBKEYS.map(hex => Buffer.from(hex, 'hex'));
  const p2ms = bitcoin.payments.p2ms({ m: 2, pubkeys, network });
  return bitcoin.payments.p2wsh({ redeem: p2ms, network }).address;
}

// A 05-prefixed hash from an unrelated scheme: still no Session context.
export const SCRIPT_HASH_TAGGED = '05b7c1d9e3f4a5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3';
