"""Every malformed request gets its status line, never a bare close or a traceback on stderr.

Run against the embedded server and the stand-alone one (``python -m mocksites``), both with a small
pool (4 workers, 4 waiting) and a 1 s head deadline, so that exhausting them takes few sockets.
Every loop is bounded; nothing sleeps: waits are on the server's answer, with a timeout.
"""
from __future__ import annotations

import re
import select
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mocksites import testing
from mocksites.server import MAX_BODY, MockServer

IDP = "id-biz.smt.docomo.ne.jp"
WORKERS, BACKLOG, HEAD_TIMEOUT = 4, 4, 1.0


@dataclass
class Target:
    """Where a mock listens, how to trust it, and where its process's stderr goes."""

    address: tuple[str, int]
    context: ssl.SSLContext
    stderr: Path | None  # the stand-alone server's stderr; None: the embedded one (capfd sees it)


@dataclass
class Answer:
    raw: bytes
    closed: bool  # the server closed the connection after answering

    @property
    def status(self) -> int:
        found = re.match(rb"HTTP/1\.[01] (\d{3}) ", self.raw)
        assert found, f"no status line in {self.raw[:200]!r}"
        return int(found[1])

    @property
    def body(self) -> bytes:
        return self.raw.partition(b"\r\n\r\n")[2]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    server = MockServer(workdir=tmp_path_factory.mktemp("bad-requests"), workers=WORKERS, backlog=BACKLOG,
                        head_timeout=HEAD_TIMEOUT).start()
    try:
        yield Target((server.bind, server.port), server.client_context(), None)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    with testing.standalone(tmp_path_factory.mktemp("standalone"), "--workers", str(WORKERS),
                            "--head-timeout", str(HEAD_TIMEOUT)) as mock:
        yield Target(("127.0.0.1", mock.port), mock.context(), mock.stderr)


@pytest.fixture(params=["embedded", "standalone"])
def target(request: pytest.FixtureRequest, capfd: pytest.CaptureFixture[str]) -> Iterator[Target]:
    chosen: Target = request.getfixturevalue(request.param)
    before = chosen.stderr.read_text(errors="replace") if chosen.stderr else ""
    yield chosen
    written = (chosen.stderr.read_text(errors="replace") if chosen.stderr else "").removeprefix(before)
    written += capfd.readouterr().err
    assert "Traceback" not in written and "Exception occurred" not in written, written[-2000:]
    assert exchange(chosen, b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").status == 200


def connect(target: Target, host: str = IDP) -> ssl.SSLSocket:
    sock = socket.create_connection(target.address, timeout=10)
    return target.context.wrap_socket(sock, server_hostname=host)


def read_answer(tls: ssl.SSLSocket, wait: float = 10) -> Answer:
    """What comes back until the server closes, or until nothing more arrives within ``wait``."""
    tls.settimeout(wait)
    chunks: list[bytes] = []
    closed = False
    while True:
        try:
            chunk = tls.recv(65536)
        except TimeoutError:
            break
        except (ssl.SSLError, ConnectionError):
            closed = True
            break
        if not chunk:
            closed = True
            break
        chunks.append(chunk)
        if b"\r\n\r\n" in b"".join(chunks):
            wait = min(wait, 2)  # the answer has begun: the rest follows at once, or the server waits for more
            tls.settimeout(wait)
    return Answer(b"".join(chunks), closed)


def exchange(target: Target, request: bytes, host: str = IDP) -> Answer:
    with connect(target, host) as tls:
        tls.sendall(request)
        return read_answer(tls)


@pytest.mark.parametrize("line", [
    b"GET /a\rb HTTP/1.1",  # a raw CR inside the request line
    b"GET /\x00 HTTP/1.1",
    b"\x00\xff\xfe garbage",
    b"GET  / HTTP/1.1",
    b"GET / HTTP/1.1 extra",
    b"GET / HTTX/1.1",
])
def test_malformed_request_line_is_answered_400(target: Target, line: bytes) -> None:
    answer = exchange(target, line + b"\r\nHost: " + IDP.encode() + b"\r\n\r\n")
    assert answer.status == 400 and answer.closed


@pytest.mark.parametrize("line", [b"GET /", b"GET / HTTP/0.9", b"GET / HTTP/2.0"])
def test_http_0_9_and_unknown_versions_are_refused_505(target: Target, line: bytes) -> None:
    answer = exchange(target, line + b"\r\n\r\n")
    assert answer.status == 505 and answer.closed


def test_raw_crlf_after_the_path_is_not_taken_as_http_0_9(target: Target) -> None:
    answer = exchange(target, b"GET /\r\nHost: " + IDP.encode() + b"\r\n\r\n")
    assert answer.raw.startswith(b"HTTP/1.1 505 ")  # a status line, not a bare HTTP/0.9 page


def test_too_long_request_line_is_answered_414(target: Target) -> None:
    answer = exchange(target, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.status == 414 and answer.closed


@pytest.mark.parametrize("headers", [
    b"X-Long: " + b"a" * 70_000 + b"\r\n",
    b"".join(b"X-H%d: v\r\n" % n for n in range(120)),
], ids=["long-header-line", "too-many-headers"])
def test_oversized_headers_are_answered_431(target: Target, headers: bytes) -> None:
    answer = exchange(target, b"GET / HTTP/1.1\r\nHost: " + IDP.encode() + b"\r\n" + headers + b"\r\n")
    assert answer.status == 431 and answer.closed


def test_bad_content_length_is_answered_400_and_closed(target: Target) -> None:
    answer = exchange(target, b"POST /auth/login HTTP/1.1\r\nHost: " + IDP.encode()
                      + b"\r\nContent-Length: abc\r\n\r\n")
    assert answer.status == 400 and answer.closed


def test_announced_oversized_body_is_answered_413_and_the_connection_closed(target: Target) -> None:
    # Keep-alive asked for and the body never sent: only a closing server ends this exchange.
    answer = exchange(target, b"POST /auth/login HTTP/1.1\r\nHost: " + IDP.encode()
                      + b"\r\nContent-Length: %d\r\n\r\n" % (2 * MAX_BODY))
    assert answer.status == 413 and answer.closed


@pytest.mark.parametrize("sizes", [[MAX_BODY + 1], [MAX_BODY // 2, MAX_BODY // 2 + 1]], ids=["one-chunk", "two-chunks"])
def test_chunked_body_over_the_limit_is_answered_413(target: Target, sizes: list[int]) -> None:
    body = b"".join(b"%x\r\n" % size + b"x" * size + b"\r\n" for size in sizes)  # no last chunk: the limit decides
    answer = exchange(target, b"POST /auth/login HTTP/1.1\r\nHost: " + IDP.encode()
                      + b"\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
    assert answer.status == 413 and answer.closed


def test_chunked_body_within_the_limit_reaches_the_site(target: Target) -> None:
    answer = exchange(target, b"POST /no/such/form HTTP/1.1\r\nHost: " + IDP.encode()
                      + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\na=bcd\r\n0\r\n\r\n")
    assert answer.status in (404, 405)


def test_broken_chunk_framing_is_answered_400(target: Target) -> None:
    answer = exchange(target, b"POST /auth/login HTTP/1.1\r\nHost: " + IDP.encode()
                      + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n")
    assert answer.status == 400 and answer.closed


def test_reflected_host_is_escaped_on_the_404_page(target: Target) -> None:
    answer = exchange(target, b"GET / HTTP/1.1\r\nHost: <script>alert(1)</script>\r\nConnection: close\r\n\r\n")
    assert answer.status == 404
    assert b"<script>" not in answer.body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in answer.body


@pytest.mark.parametrize("target_path", [b"/%3Cscript%3Ealert(1)%3C/script%3E", b"/<script>alert(1)</script>",
                                         b"/?next=%3Cscript%3Ealert(1)%3C/script%3E"], ids=["encoded", "raw", "query"])
def test_a_reflected_path_or_query_is_never_markup(target: Target, target_path: bytes) -> None:
    answer = exchange(target, b"GET " + target_path + b" HTTP/1.1\r\nHost: " + IDP.encode() + b"\r\nConnection: close\r\n\r\n")
    assert answer.status in (200, 302, 303, 400, 404)
    assert b"<script>" not in answer.body


def test_incomplete_head_is_answered_408_within_the_deadline(target: Target) -> None:
    started = time.monotonic()
    with connect(target) as tls:
        tls.sendall(b"GET / HTTP/1.1\r\nHost: " + IDP.encode() + b"\r\n")  # the blank line never comes
        answer = read_answer(tls, wait=10 * HEAD_TIMEOUT)
    assert answer.status == 408 and answer.closed
    assert time.monotonic() - started < 8 * HEAD_TIMEOUT


def test_trickled_head_is_cut_off_at_the_deadline(target: Target) -> None:
    """One byte at a time, each well within a per-read timeout: the head's deadline still ends it."""
    started = time.monotonic()
    with connect(target) as tls:
        closed = False
        for byte in (b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 200):  # at most ~40 s: never reached
            try:
                tls.sendall(bytes([byte]))
            except (ssl.SSLError, ConnectionError):
                closed = True
                break
            readable, _, _ = select.select([tls], [], [], HEAD_TIMEOUT / 5)  # the server's word, or a pause
            if readable:
                closed = True
                break
        assert closed, "the server let a trickling client keep its worker"
    assert time.monotonic() - started < 8 * HEAD_TIMEOUT


def test_idle_connections_cannot_exhaust_the_workers(target: Target) -> None:
    """More silent sockets than workers and waiting places together (plain TCP and TLS without a
    request): each is dropped at the deadline, so a real request is still answered."""
    idle: list[socket.socket] = []
    try:
        for n in range(WORKERS + BACKLOG + 2):
            sock = socket.create_connection(target.address, timeout=10)
            # two finish their TLS handshake while workers are free, then send nothing
            idle.append(target.context.wrap_socket(sock, server_hostname=IDP) if n < 2 else sock)
        started = time.monotonic()
        answer = exchange(target, b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "localhost")
        assert answer.status == 200
        assert time.monotonic() - started < 8 * HEAD_TIMEOUT
    finally:
        for sock in idle:
            sock.close()
