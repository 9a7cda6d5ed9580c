"""Works out which blinded ID a user has on the bot's server. It imports
the blinding module from the package, which re-exports session_util's: the
findings are those of a direct import."""

# expect: libsession/python-blinding
from chatbot import blinding


def blinded_id_for(session_id: str, server_pubkey: bytes) -> str:
    # expect: libsession/python-blinding
    return blinding.blind15_id(session_id, server_pubkey)
