// Network configuration of a Session community bot that talks to the network
// directly (copied from desktop code instead of depending on a package).

import { sha256 } from '../crypto';

export type SeedNode = { host: string; port: number; pubkey256: string };

const SEED_PORT = 4443;
const TESTNET = process.env.BOT_TESTNET === '1';

// expect: onion-request/seed-node-host
const SEED_SUFFIX = '.getsession.org:4443';

export const MAINNET_SEEDS: Array<SeedNode> = [1, 2, 3].map(n => ({
  // A template literal: the digit is a substitution.
  // expect: onion-request/seed-node-host
  host: `seed${n}.getsession.org`,
  port: SEED_PORT,
  pubkey256: '',
}));

export const SEED_PINS: Record<string, string> = {
  // expect: onion-request/seed-node-host, onion-request/seed-cert-pin
  'seed1.getsession.org': 'mlYTXvkmIEYcpswANTpnBwlz9Cswi0py/RQKkbdQOZQ=',
  // expect: onion-request/seed-node-host, onion-request/seed-cert-pin
  'seed2.getsession.org': 'ZuUxe4wopBR83Yy5fePPNX0c00BnkQCu/49oapFpB0k=',
};

export function seedUrl(index: number): string {
  if (TESTNET) {
    // A concatenation of literals (the testnet seed listens on 38157).
    // expect: onion-request/seed-node-host
    return 'http://seed2' + '.getsession.org:38157';
  }
  return `https://${MAINNET_SEEDS[index].host}:${SEED_PORT}/json_rpc`;
}

export const SEED_REQUEST = {
  jsonrpc: '2.0',
  // expect: storage-rpc/seed-bootstrap-method
  method: 'get_n_service_nodes',
  params: { active_only: true, fields: { public_ip: true, storage_port: true } },
};

// expect: storage-rpc/storage-rpc-path
export const snodeRpcUrl = (ip: string, port: number) => `https://${ip}:${port}/storage_rpc/v1`;

// expect: onion-request/guard-entry-path
export const guardUrl = (ip: string, port: number) => `https://${ip}:${port}/onion_req/v2`;

// expect: onion-request/lsrpc-endpoint
export const ONION_V4_ENDPOINT = '/oxen/v4/lsrpc';

// expect: onion-request/next-node-not-found
const NEXT_NODE_NOT_FOUND_PREFIX = 'Next node not found: ';

export function isSnodeEjected(body: string): boolean {
  return body.startsWith(NEXT_NODE_NOT_FOUND_PREFIX);
}

export const SERVERS = {
  // expect: file-server/host
  fileServer: 'http://filev2.getsession.org',
  // expect: file-server/server-pubkey
  fileServerEdPk: 'b8eef9821445ae16e2e97ef8aa6fe782fd11ad5253cd6723b281341dba22e371',
  // expect: sogs/official-community-host
  community: 'https://open.getsession.org',
  // expect: sogs/official-server-pubkey
  communityPk: 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238',
  // expect: pro/network-api-host
  network: 'http://networkv1.getsession.org',
};

// The default room the bot joins.
// expect: sogs/official-community-host, sogs/official-server-pubkey, sogs/community-url
export const DEFAULT_ROOM = 'https://open.getsession.org/session?public_key=a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';

export const digest = (s: string) => sha256(s);
