# expect-none
"""Command handlers: they only use the gateway wrapper."""

from .gateway import SessionGateway
from .util import normalise


async def run(gateway: SessionGateway, text: str) -> dict:
    return await gateway.post("/room/lobby/message", normalise(text).encode())
