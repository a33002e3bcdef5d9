"""A TCP forwarder in front of Dovecot that can go down or stall on command: the mailbox outages a
live run meets (a restart, a NAT dropping idle connections, a server that stops answering)."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class FlakyProxy:
    """``down()`` drops every connection and refuses new ones (accept, then close); ``stall()`` keeps
    connections open but forwards nothing; ``up()`` forwards again. ``refused`` is set each time a
    client tried to connect while down."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.mode = "up"
        self.refused = threading.Event()
        self.stalled_reads = threading.Event()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> FlakyProxy:
        self._thread.start()
        return self

    def down(self) -> None:
        with self._lock:
            self.mode = "down"
            for sock in self._open:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            self._open.clear()

    def stall(self) -> None:
        self.mode = "stall"

    def up(self) -> None:
        self.refused.clear()
        self.mode = "up"

    def close(self) -> None:
        self._closing = True
        self.down()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "down":
                client.close()
                self.refused.set()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                if self.mode == "stall":
                    self.stalled_reads.set()
                    continue  # swallowed: the other side waits for an answer that never comes
                sink.sendall(chunk)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@contextmanager
def flaky_proxy(target_port: int) -> Iterator[FlakyProxy]:
    proxy = FlakyProxy(target_port).start()
    try:
        yield proxy
    finally:
        proxy.close()
