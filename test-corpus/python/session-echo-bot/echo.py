"""Echo bot: replies to every direct message with the same text."""

import os
import signal
import time

# expect: sdk/python-session-client
from session_python import Session, Poller

# The bot's recovery phrase; never commit a real one.
MNEMONIC = os.environ["ECHO_BOT_MNEMONIC"]

running = True


def stop(*_):
    global running
    running = False


def main():
    signal.signal(signal.SIGTERM, stop)
    with Session() as session:
        session.set_mnemonic(MNEMONIC, display_name="Echo")
        poller = Poller(session)
        while running:
            for message in poller.poll():
                if message.get("text"):
                    session.send_message(message["from"], message["text"])
            time.sleep(2)


if __name__ == "__main__":
    main()
