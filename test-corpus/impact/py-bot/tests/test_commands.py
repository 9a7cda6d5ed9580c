# expect-none
import asyncio

from chatbot.commands import run


class FakeGateway:
    async def post(self, path, body):
        return {"path": path, "body": body}


def test_run_posts_to_the_lobby():
    result = asyncio.run(run(FakeGateway(), "  hi   there "))
    assert result == {"path": "/room/lobby/message", "body": b"hi there"}
