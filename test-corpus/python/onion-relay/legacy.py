"""The relay's previous parser, kept for clients that still send v3 requests."""

import nacl.public

# expect: onion-request/python-pyonionreq
import pyonionreq.junk

_parser = None


def parser(privkey: nacl.public.PrivateKey):
    global _parser
    if _parser is None:
        # expect: onion-request/python-pyonionreq
        _parser = pyonionreq.junk.Parser(privkey=privkey.encode(), pubkey=privkey.public_key.encode())
    return _parser


def open_request(privkey, data: bytes):
    junk = parser(privkey).parse_junk(data)
    return junk.payload, junk.transformReply
