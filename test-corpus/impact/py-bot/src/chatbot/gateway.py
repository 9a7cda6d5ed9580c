"""The only module that talks to libsession: signs requests for the
community server with the bot's blinded key."""

import aiohttp

# expect: libsession/python-import
import session_util


class SessionGateway:
    def __init__(self, server: str, server_pubkey: bytes, ed_seed: bytes):
        self.server = server
        self.server_pubkey = server_pubkey
        # expect: libsession/python-blinding, libsession/python-import
        self.keys = session_util.blinding.blind15_key_pair(ed_seed, server_pubkey)

    async def post(self, path: str, body: bytes) -> dict:
        # expect: libsession/python-blinding, libsession/python-import
        signature = session_util.blinding.blind15_sign(self.keys[1], self.server_pubkey, body)
        async with aiohttp.ClientSession() as http:
            async with http.post(self.server + path, data=body, headers={"X-Signature": signature.hex()}) as r:
                return await r.json()
