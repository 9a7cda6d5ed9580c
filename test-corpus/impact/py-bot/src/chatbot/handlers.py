# expect-none
"""Dispatch; imports the scheduler, which imports this module back."""

from . import commands
from . import scheduler


def on_message(gateway, text):
    scheduler.later(lambda: commands.run(gateway, text))
