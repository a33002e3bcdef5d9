"""Real receivers on loopback for the alert tests: an SMTP server (aiosmtpd) and a JSON webhook.

Apprise talks to them as to any mail server or webhook: ``mailto://`` without TLS to the SMTP port,
``json://`` to the HTTP server, which keeps every JSON body it was posted.
"""
from __future__ import annotations

import json
import mailbox
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mocksites.mail import MailSink


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.posts.append(json.loads(self.rfile.read(length)))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Webhook:
    """``json://127.0.0.1:PORT/hook``; ``posts`` are the JSON bodies received, in order."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
        self.server.posts = []  # type: ignore[attr-defined]
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def posts(self) -> list[dict[str, Any]]:
        return list(self.server.posts)  # type: ignore[attr-defined]


@contextmanager
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    thread = threading.Thread(target=hook.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()
        thread.join(5)


class Mail:
    """``mailto://127.0.0.1:PORT?…`` (plain SMTP, no TLS, no login); ``messages`` as parsed mails."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self.sink = MailSink(maildir)
        self.url = f"mailto://127.0.0.1:{self.sink.port}?from=nightly@example.com&to=qa@example.com&name=Nightly"

    @property
    def messages(self) -> list[EmailMessage]:
        """In the order the server accepted them (a Date header has whole seconds only)."""
        box = mailbox.Maildir(str(self.maildir), create=True)
        mails = [message_from_bytes(box.get_bytes(key), policy=policy.default) for key in self.sink.delivered]
        return [m for m in mails if isinstance(m, EmailMessage)]


@contextmanager
def smtp(maildir: Path) -> Iterator[Mail]:
    mail = Mail(maildir)
    mail.sink.start()
    try:
        yield mail
    finally:
        mail.sink.stop()


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(("plain",))
    assert body is not None, mail
    return str(body.get_content())


def attachments_of(mail: EmailMessage) -> list[tuple[str, bytes]]:
    return [(str(part.get_filename()), bytes(part.get_content())) for part in mail.iter_attachments()]
