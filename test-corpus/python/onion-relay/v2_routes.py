"""Routes kept for old clients that still post v2 onion requests."""

from flask import Blueprint, request

legacy = Blueprint("legacy_onion", __name__)


# expect: onion-request/lsrpc-endpoint
@legacy.post("/loki/v2/lsrpc")
def onion_v2():
    return handle(request.get_data(), version=2)


def route_for(version: int) -> str:
    # expect: onion-request/lsrpc-endpoint
    return "loki/v" + str(version) + "/lsrpc"


def handle(body: bytes, version: int):
    return body, 200
