"""Nightly statistics for the rooms of a community server.

Runs inside the server's virtualenv (uwsgi mule) so it can use the server's
own models and database connection.
"""

import datetime
import importlib
import logging

# expect: sogs/python-server
from sogs.model.room import Room, get_accessible_rooms
# expect: sogs/python-server
from sogs import model
# expect: sogs/python-crypto
from sogs.crypto import server_pubkey_hex
# expect: sogs/python-protobuf
from sogs import session_pb2 as protobuf
from sogs import config

log = logging.getLogger(__name__)


def room_summary(room: Room) -> dict:
    return {
        "token": room.token,
        "name": room.name,
        "active_users": room.active_users(),
        "messages": room.message_sequence,
        "server": server_pubkey_hex,
    }


def decode_body(data: bytes) -> str:
    content = protobuf.Content()
    content.ParseFromString(data)
    return content.dataMessage.body


def nightly():
    # Workers are optional; only load the mule when running under uwsgi.
    if config.OMQ_LISTEN:
        # expect: sogs/python-server
        importlib.import_module("sogs.mule")
    rooms = get_accessible_rooms()
    summary = [room_summary(r) for r in rooms]
    log.info("%s: %d rooms", datetime.date.today().isoformat(), len(summary))
    return summary


def moderators(token: str):
    return model.Room(token=token).get_mods()
