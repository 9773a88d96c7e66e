"""Mail servers on 127.0.0.1 for the tests: one that hangs, one that receives."""

import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class HangingServer:
    port: int
    connections: list = field(default_factory=list)


@contextmanager
def hanging_smtp_server(port: int = 0):
    """Accept connections and never say a word, as a mail server that has hung does."""
    listener = socket.create_server(("127.0.0.1", port))
    listener.settimeout(0.1)
    server = HangingServer(port=listener.getsockname()[1])
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                server.connections.append(listener.accept()[0])
            except OSError:  # the 0.1 s timeout: look at `stop` again
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in server.connections:
            connection.close()
        listener.close()


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int):
    """A real SMTP server; yields the list of envelopes it has received."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox.messages
    finally:
        controller.stop()
