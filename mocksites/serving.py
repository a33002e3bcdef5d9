"""The mock's HTTP layer: a bounded pool of workers and an answer for every malformed request.

``socketserver``'s thread per connection has no cap, and ``http.server`` waits 120 s per read for a
request that never comes: a few idle or slow sockets (a browser's preconnect, a stalled client)
would pile up threads. Here a fixed number of workers serves the connections, each connection does
its TLS handshake in its worker, and a request's line and headers must be complete within
``head_timeout`` of the server waiting for them. Malformed requests get their status (400, 408,
414, 431, 505) and the connection is closed; nothing reaches stderr as a traceback.
"""
from __future__ import annotations

import io
import logging
import queue
import re
import socket
import ssl
import threading
import time
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler

log = logging.getLogger("mocksites.server")

HEAD_TIMEOUT = 10.0  # the TLS handshake, and each request's line and headers, must arrive within this
BODY_TIMEOUT = 30.0  # the longest wait for the next bytes of a body
WORKERS = 32
BACKLOG = 64  # accepted connections waiting for a worker; beyond that the kernel's listen queue holds them
_VERSION = re.compile(rb"HTTP/(\d+)\.(\d+)")


class _DeadlineReader(io.RawIOBase):
    """The socket as a raw stream: while ``deadline`` is set, reads end there; else BODY_TIMEOUT each."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.deadline: float | None = None
        self.received = 0  # bytes since the deadline was set
        self.expired = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.deadline is None:
            self._sock.settimeout(BODY_TIMEOUT)
        else:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.expired = True
                raise TimeoutError("request head not complete in time")
            self._sock.settimeout(left)
        try:
            count = self._sock.recv_into(buffer)
        except TimeoutError:
            self.expired = self.deadline is not None
            raise
        self.received += count
        return count

    def arm(self, seconds: float) -> None:
        self.deadline, self.received, self.expired = time.monotonic() + seconds, 0, False


def request_line_refusal(line: bytes) -> tuple[int, str] | None:
    """(status, reason) for a request line ``http.server`` would take wrongly, else None.

    ``http.server`` answers a line without a version (or ``HTTP/0.9``) as HTTP/0.9, without a status
    line; a raw CR splits words as a space would.
    """
    text = line.removesuffix(b"\n").removesuffix(b"\r")
    if any(byte < 0x20 or byte == 0x7F for byte in text):
        return 400, "control character in the request line"
    words = text.split(b" ")
    if len(words) == 2 or (len(words) == 3 and (m := _VERSION.fullmatch(words[2])) and int(m[1]) < 1):
        return 505, "HTTP/0.9 is not supported"
    if len(words) != 3 or not all(words):
        return 400, "bad request line"
    return None


class RobustHandler(WSGIRequestHandler):
    """Handshake and head under one deadline, malformed requests answered, quiet logging."""

    server: PooledWSGIServer
    _reader: _DeadlineReader
    default_request_version = "HTTP/1.0"  # http.server's HTTP/0.9 default drops the status line of its own errors

    def setup(self) -> None:
        super().setup()
        buffered = self.rfile
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)
        buffered.close()  # the makefile() reader: closing it lets the socket close for real later

    def handle(self) -> None:
        conn = self.connection
        try:  # headers and body go out as separate writes; Nagle would hold the second for ~40 ms
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        if isinstance(conn, ssl.SSLSocket):
            try:
                conn.settimeout(self.server.head_timeout)
                conn.do_handshake()
            except (OSError, ValueError) as exc:
                log.debug("TLS handshake with %s failed: %s", self.client_address, exc)
                return
        super().handle()

    def handle_one_request(self) -> None:
        self._reader.arm(self.server.head_timeout)
        super().handle_one_request()
        if self._reader.expired:
            self.close_connection = True
            if self._reader.received:  # a request was under way: say why it ends
                self._refuse(408, "request head not complete in time")

    def parse_request(self) -> bool:
        refusal = request_line_refusal(self.raw_requestline)
        if refusal is not None:
            self._refuse(*refusal)
            return False
        parsed = super().parse_request()
        self._reader.deadline = None  # the body has its own timeout
        return parsed

    def _refuse(self, status: int, reason: str) -> None:
        self.command, self.request_version = "", "HTTP/1.1"  # so that a status line is written
        self.requestline = self.raw_requestline[:200].decode("latin-1").rstrip("\r\n")
        self.close_connection = True
        try:
            self.send_error(status, reason)
        except OSError:
            pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        headers = getattr(self, "headers", None)  # absent when the request was refused before them
        log.debug("%s %s -> %s", headers.get("Host", "") if headers else "", getattr(self, "requestline", ""), code)

    def log_error(self, format: str, *args: Any) -> None:
        log.debug("%s: " + format, self.client_address, *args)


class PooledWSGIServer(BaseWSGIServer):
    """Werkzeug's server with ``workers`` threads taking accepted connections from a bounded queue."""

    multithread = True

    def __init__(self, host: str, port: int, app: Any, handler: type[RobustHandler], *,
                 workers: int = WORKERS, backlog: int = BACKLOG, head_timeout: float = HEAD_TIMEOUT) -> None:
        super().__init__(host, port, app, handler)
        self.head_timeout = head_timeout
        self._queue: queue.SimpleQueue[tuple[Any, Any] | None] = queue.SimpleQueue()
        self._slots = threading.BoundedSemaphore(workers + backlog)
        self._closed = self._workers_stopped = False
        self._workers = [threading.Thread(target=self._work, name=f"mocksites-worker-{n}", daemon=True)
                         for n in range(workers)]
        for worker in self._workers:
            worker.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        # Accepting stops while every worker is busy and the queue is full; a slot frees within
        # head_timeout at the latest, since a silent client loses its worker then.
        while not self._slots.acquire(timeout=0.2):
            if self._closed:
                self.shutdown_request(request)
                return
        self._queue.put((request, client_address))

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            request, client_address = item
            try:
                if not self._closed:
                    self.finish_request(request, client_address)
            except Exception as exc:  # one connection's error never ends a worker
                log.debug("error serving %s", client_address, exc_info=exc)
            finally:
                self.shutdown_request(request)
                self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("error serving %s", client_address)  # socketserver's default prints a traceback

    def shutdown(self) -> None:
        self._closed = True  # an accept loop waiting for a free worker gives up
        super().shutdown()

    def server_close(self) -> None:
        if self._workers_stopped:
            return
        self._closed = self._workers_stopped = True
        super().server_close()
        for _ in self._workers:
            self._queue.put(None)
