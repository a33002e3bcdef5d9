"""pytest fixtures (and a browserless HTTPS client) for anything that runs against the mock.

Use from a root conftest with ``pytest_plugins = ["mocksites.testing"]``, or import the fixtures.
``mock_server`` (session): world + mail sink + TLS server; ``mock_world`` (function): the same world,
reset after the test. ``MockClient`` speaks real HTTPS to the documented hostnames (SNI and Host
set, certificate checked against the throwaway CA) with a cookie jar, like a minimal browser.
"""
from __future__ import annotations

import atexit
import contextlib
import email
import email.policy
import functools
import http.client
import http.cookiejar
import json
import mailbox
import os
import re
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import pytest

from mocksites.server import MockServer
from mocksites.world import World

CODE = re.compile(r"セキュリティコード[^0-9]{0,20}([0-9]{6})")


_SERVER: MockServer | None = None


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    """The embedded mock for the whole session (one per xdist worker).

    One per process even if pytest sets the fixture up again (a session fixture can be torn down
    and rebuilt when another session fixture's parameter changes): the browser, mapped to the first
    server's port for the whole session, and the walks' mail reader must see the same mock.
    """
    global _SERVER
    if _SERVER is None:
        scenarios = [s for s in os.environ.get("MOCKSITES_SCENARIOS", "").split(",") if s]
        _SERVER = MockServer(workdir=tmp_path_factory.mktemp("mocksites"), scenarios=scenarios).start()
        atexit.register(_SERVER.stop)
    yield _SERVER


@pytest.fixture
def mock_world(mock_server: MockServer) -> Iterator[World]:
    """The mock's world for one test; reset (scenarios, sessions, mail, accounts, clock) afterwards."""
    yield mock_server.world
    mock_server.world.reset()


@dataclass
class Standalone:
    """A ``python -m mocksites`` process: where it listens, its CA, its Maildir, its stderr file."""

    port: int
    ca_pem: Path
    maildir: Path
    stderr: Path

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_pem))

    def stats(self) -> dict[str, int]:
        """What its identity provider was asked so far (``GET /stats``: sign-ins, code mails, locks)."""
        url = f"https://localhost:{self.port}/stats"
        with urllib.request.urlopen(url, context=self.context(), timeout=10) as reply:
            return dict(json.loads(reply.read()))


@contextlib.contextmanager
def standalone(folder: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Standalone]:
    """The mock stand-alone on a free port (``python -m mocksites --port 0 ARGS``), its Maildir and
    stderr in ``folder``; stopped (SIGTERM) at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    maildir, stderr = folder / "Maildir", folder / "stderr.txt"
    with stderr.open("wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "mocksites", "--port", "0", "--maildir", str(maildir), *args],
                                   stdout=subprocess.PIPE, stderr=err, text=True, env=env,
                                   cwd=Path(__file__).resolve().parents[1])
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # "mocksites listening on https://ADDR:PORT/ ..."
        found = re.search(r":(\d+)/", first)
        if found is None:
            raise RuntimeError(f"the stand-alone mock did not start: {first!r} {stderr.read_text()[-2000:]}")
        ca = next(line for line in iter(process.stdout.readline, "") if "CA certificate:" in line)
        yield Standalone(int(found[1]), Path(ca.split("CA certificate:", 1)[1].strip()), maildir, stderr)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


# -- mail ---------------------------------------------------------------------------------------------
def read_mail(maildir: str | Path) -> list[EmailMessage]:
    """Every message in the Maildir, oldest first (by delivery time)."""
    path = Path(maildir)
    if not (path / "new").is_dir():
        return []
    box = mailbox.Maildir(str(path), factory=None, create=False)
    found = []
    for key in box.keys():  # noqa: SIM118
        raw = box.get_bytes(key)
        try:
            when = os.path.getmtime(path / box._lookup(key))  # type: ignore[attr-defined]
        except (FileNotFoundError, KeyError):
            continue
        found.append((when, key, raw))
    found.sort()
    return [email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
            for _, _, raw in found]


def mail_text(msg: Message) -> str:
    part = msg.get_body(preferencelist=("plain", "html")) if isinstance(msg, EmailMessage) else msg
    return str(part.get_content()) if part is not None else ""  # type: ignore[union-attr]


def last_code(maildir: str | Path, to: str | None = None) -> str | None:
    """The security code in the newest code mail (optionally only those addressed to ``to``)."""
    for msg in reversed(read_mail(maildir)):
        if to and to not in str(msg.get("To", "")):
            continue
        found = CODE.search(mail_text(msg))
        if found:
            return found.group(1)
    return None


# -- a browserless client -------------------------------------------------------------------------------
class _MappedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the mock's address but keeps the URL's host for SNI, Host and the cert check."""

    def __init__(self, host: str, *, address: tuple[str, int], **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection(self._address, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _MappedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: tuple[str, int], context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self.address = address

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_MappedHTTPSConnection, address=self.address)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined, no-any-return]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    url: str
    headers: Message
    text: str

    @property
    def location(self) -> str:
        return str(self.headers.get("Location", ""))

    def query(self) -> dict[str, str]:
        """The query of the Location (for redirects back to a service)."""
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.location).query))


class MockClient:
    """A cookie-keeping HTTPS client for the documented hosts (redirects followed unless follow=False)."""

    def __init__(self, server: MockServer, timeout: float = 10) -> None:
        self.jar = http.cookiejar.CookieJar()
        context = server.client_context()
        address = (server.bind, server.port)
        common = [_MappedHTTPSHandler(address, context), urllib.request.HTTPCookieProcessor(self.jar)]
        self._follow = urllib.request.build_opener(*common)
        self._stay = urllib.request.build_opener(*common, _NoRedirect())
        self.timeout = timeout

    def request(self, url: str, data: dict[str, str] | bytes | None = None, follow: bool = True,
                headers: dict[str, str] | None = None, method: str | None = None) -> Reply:
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
        opener = self._follow if follow else self._stay
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return Reply(resp.status, resp.geturl(), resp.headers, resp.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace") if err.fp else ""
            return Reply(err.code, err.geturl(), err.headers, text)

    def get(self, url: str, follow: bool = True) -> Reply:
        return self.request(url, follow=follow)

    def post(self, url: str, data: dict[str, str] | bytes, follow: bool = True) -> Reply:
        return self.request(url, data, follow=follow)

    def cookie(self, name: str, domain: str | None = None) -> http.cookiejar.Cookie | None:
        for c in self.jar:
            if c.name == name and (domain is None or c.domain.lstrip(".") == domain):
                return c
        return None

    def restart_browser(self) -> None:
        """What closing every browser window does: session cookies go, persistent ones stay."""
        self.jar.clear_session_cookies()
