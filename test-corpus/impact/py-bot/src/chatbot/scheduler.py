# expect-none
import asyncio

from chatbot import handlers

_pending = []


def later(job):
    _pending.append(job)


def replay(gateway, texts):
    for text in texts:
        handlers.on_message(gateway, text)
    return asyncio.gather(*(job() for job in _pending))
