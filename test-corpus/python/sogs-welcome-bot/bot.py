"""Welcome bot for a community server.

Greets first-time posters in a room and keeps a small ledger of who has been
greeted. Users are stored under their blinded ID for this server, so the bot
computes the same ID the server sees.
"""

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Optional

from flask import Flask, abort, jsonify, request

# expect: libsession/python-import
import session_util.blinding as bl

log = logging.getLogger("welcome-bot")
app = Flask(__name__)

LEDGER_PATH = os.environ.get("WELCOME_LEDGER", "greeted.json")
SERVER_PUBKEY = os.environ["COMMUNITY_SERVER_PUBKEY"]
BOT_SEED = bytes.fromhex(os.environ["WELCOME_BOT_SEED"])


@dataclass
class Ledger:
    greeted: dict = field(default_factory=dict)
    path: str = LEDGER_PATH

    @classmethod
    def load(cls, path: str = LEDGER_PATH) -> "Ledger":
        try:
            with open(path) as f:
                return cls(greeted=json.load(f), path=path)
        except FileNotFoundError:
            return cls(path=path)

    def save(self) -> None:
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.greeted, f, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    def seen(self, user: str) -> bool:
        return user in self.greeted

    def mark(self, user: str) -> None:
        self.greeted[user] = int(time.time())


ledger = Ledger.load()


def blinded_id_for(session_id: str) -> str:
    """The 25-blinded ID under which this server knows `session_id`."""
    # expect: libsession/python-blinding
    return bl.blind25_id(session_id, SERVER_PUBKEY)


# expect: libsession/python-blinding
def bot_keys() -> bl.Keypair:
    # expect: libsession/python-blinding
    return bl.blind25_key_pair(BOT_SEED, bytes.fromhex(SERVER_PUBKEY))


def sign_body(body: bytes) -> bytes:
    digest = hashlib.blake2b(body, digest_size=32).digest()
    # expect: libsession/python-blinding
    return bl.blind25_sign(BOT_SEED, SERVER_PUBKEY, digest)


def greeting(name: Optional[str]) -> str:
    if not name:
        return "Welcome! Please read the pinned rules before posting."
    return f"Welcome, {name}! Please read the pinned rules before posting."


@app.post("/hooks/new-post")
def on_new_post():
    event = request.get_json(silent=True) or {}
    sender = event.get("session_id")
    if not sender:
        abort(400)
    user = blinded_id_for(sender)
    if ledger.seen(user):
        return jsonify(status="known")
    ledger.mark(user)
    ledger.save()
    reply = greeting(event.get("display_name")).encode()
    log.info("greeting %s", user[:8])
    return jsonify(status="greeted", body=reply.decode(), signature=sign_body(reply).hex())


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "8085")))
