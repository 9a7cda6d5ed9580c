"""Polls a Session community (SOGS) and posts replies, signing each request with
the bot's blinded key."""

import base64
import time
from typing import Optional

import nacl.bindings
import requests

# expect: sogs/official-community-host
DEFAULT_SERVER = "https://open.getsession.org"
# expect: sogs/official-server-pubkey
DEFAULT_SERVER_PUBKEY = "a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238"
# Older invites still point at the server's IP.
# expect: sogs/official-community-host
LEGACY_SERVER = "http://116.203.70.33"

# expect: sogs/community-url
EXAMPLE_INVITE = "https://chat.example.net/lounge?public_key=0c0ffee1c0ffee2c0ffee3c0ffee4c0ffee5c0ffee6c0ffee7c0ffee8c0ffee9"

# Moderators of our own server, by blinded ID (what the server sees).
MODERATORS = [
    # expect: identity/blinded-id-literal
    "15b09a5d3ef9c1f8e2a1d0c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3928170f6e5d4c3",
    # expect: identity/blinded-id-literal
    "25aa3c29b1e4f30d8c7b6a5948372615f4e3d2c1b0a9f8e7d6c5b4a39281706f5e",
]


class SogsClient:
    def __init__(self, server: str, server_pubkey: str, blinded_keypair):
        self.server = server.rstrip("/")
        self.server_pubkey = server_pubkey
        self.keypair = blinded_keypair
        self.http = requests.Session()

    def _auth_headers(self, method: str, path: str, body: bytes = b"") -> dict:
        nonce = nacl.bindings.randombytes(16)
        ts = str(int(time.time()))
        sig = self.keypair.sign(nonce + ts.encode() + method.encode() + path.encode() + body)
        return {
            # expect: sogs/auth-header
            "X-SOGS-Pubkey": self.keypair.blinded_id,
            # expect: sogs/auth-header
            "X-SOGS-Timestamp": ts,
            # expect: sogs/auth-header
            "X-SOGS-Nonce": base64.b64encode(nonce).decode(),
            # expect: sogs/auth-header
            "X-SOGS-Signature": base64.b64encode(sig).decode(),
        }

    def poll_info(self, room: str, info_updated: int) -> dict:
        # expect: sogs/api-route
        path = "/room/{}/pollInfo/{}".format(room, info_updated)
        return self._get(path)

    def reactors(self, room: str, message_id: int, emoji: str) -> list:
        # expect: sogs/api-route
        path = "/room/%s/reactors/%d/%s" % (room, message_id, emoji)
        return self._get(path)

    def _get(self, path: str) -> dict:
        r = self.http.get(self.server + path, headers=self._auth_headers("GET", path))
        r.raise_for_status()
        return r.json()


def onion_endpoint(version: Optional[int] = 4) -> str:
    # expect: onion-request/lsrpc-endpoint
    return "/oxen/v4/lsrpc" if version == 4 else "/loki/v3/lsrpc"
