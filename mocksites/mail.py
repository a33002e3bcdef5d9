"""The mock's outgoing mail: the security code mail, MIME in the charsets Japanese mail uses, delivery
over SMTP or LMTP, and a local sink (aiosmtpd) that files every message into a Maildir.

The suite reads codes from that Maildir (or from Dovecot after LMTP delivery) without importing this.
"""
from __future__ import annotations

import asyncio
import email.charset
import logging
import mailbox
import smtplib
import socket
from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger("mocksites.mail")


class BodyRedaction(logging.Filter):
    """aiosmtpd logs every DATA line at DEBUG, so a code mail's body (whose base64 gives the code
    back) would reach any DEBUG log. The sink keeps each line's length only, and never lets a body
    line out above DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (isinstance(record.msg, str) and record.msg.startswith("DATA readline")):
            return True
        if record.levelno > logging.DEBUG:
            return False
        line = record.args[0] if isinstance(record.args, tuple) and record.args else b""
        record.msg, record.args = "DATA readline: <%d bytes of the message, not logged>", (len(line),)
        return True


_AIOSMTPD_LOG = logging.getLogger("mail.log")
if not any(isinstance(f, BodyRedaction) for f in _AIOSMTPD_LOG.filters):
    _AIOSMTPD_LOG.addFilter(BodyRedaction())

CODE_SENDER = "ビジネスdアカウント <no-reply@id-biz.smt.docomo.ne.jp>"
CODE_SUBJECT = "【ビジネスdアカウント】セキュリティコードのお知らせ"
CHARSETS = ("utf-8", "iso-2022-jp")
ENCODINGS = ("base64", "quoted-printable", "7bit")


class DeliveryError(Exception):
    """The SMTP/LMTP server refused the message."""


def code_mail_text(account_id: str, code: str, expires: datetime) -> str:
    """The body of the security code mail (JIS X 0208 characters only, so ISO-2022-JP can carry it)."""
    return (
        "ビジネスdアカウントをご利用いただきありがとうございます。\n"
        "\n"
        "2段階認証用のセキュリティコードをお知らせします。\n"
        "\n"
        f"セキュリティコード：{code}\n"
        "\n"
        f"ビジネスdアカウントID：{account_id}\n"
        f"有効期限：10分（{expires:%Y年%m月%d日 %H時%M分}まで）\n"
        "\n"
        "2段階認証画面にセキュリティコードを入力し、「ログイン」を押してください。\n"
        "本メールにお心当たりのない場合は、本メールを破棄してください。\n"
        "※本メールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできません。\n"
        "\n"
        "株式会社NTTドコモ ビジネスdアカウント\n"
    )


def _charset(name: str, encoding: str) -> email.charset.Charset:
    name = name.lower()
    if name not in CHARSETS:
        raise ValueError(f"charset must be one of {CHARSETS}, not {name!r}")
    if encoding not in ENCODINGS:
        raise ValueError(f"transfer encoding must be one of {ENCODINGS}, not {encoding!r}")
    if encoding == "7bit" and name != "iso-2022-jp":
        raise ValueError("7bit needs iso-2022-jp (UTF-8 Japanese is 8-bit)")
    cs = email.charset.Charset(name)
    cs.body_encoding = {"base64": email.charset.BASE64,  # type: ignore[assignment]
                        "quoted-printable": email.charset.QP, "7bit": None}[encoding]
    return cs


def compose(sender: str, to: list[str], subject: str, text: str, html: str | None = None,
            charset: str = "utf-8", encoding: str = "base64", date: datetime | None = None) -> Message:
    """A MIME message with encoded headers; multipart/alternative when there is an HTML part."""
    cs = _charset(charset, encoding)
    body: Message
    if html is None:
        body = MIMEText(text, "plain", cs)  # type: ignore[arg-type]
    else:
        body = MIMEMultipart("alternative")
        body.attach(MIMEText(text, "plain", _charset(charset, encoding)))  # type: ignore[arg-type]
        body.attach(MIMEText(html, "html", _charset(charset, encoding)))  # type: ignore[arg-type]
    name, address = parseaddr(sender)
    body["From"] = formataddr((name, address), charset=charset) if name else address
    body["To"] = ", ".join(to)
    body["Subject"] = Header(subject, charset)  # type: ignore[assignment]
    body["Date"] = format_datetime((date or datetime.now()).astimezone())
    body["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "mock.invalid")
    return body


def deliver(message: Message, target: tuple[str, int, str], timeout: float = 10) -> None:
    """Send over SMTP, or LMTP (one connection per recipient, since LMTP answers per recipient)."""
    host, port, protocol = target
    sender = parseaddr(str(message["From"]))[1] or "no-reply@mock.invalid"
    recipients = [a.strip() for a in str(message["To"]).split(",") if a.strip()]
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))  # SMTP lines end in CRLF
    try:
        if protocol == "lmtp":
            for rcpt in recipients:
                with smtplib.LMTP(host, port, local_hostname="localhost", timeout=timeout) as lmtp:
                    lmtp.sendmail(sender, [rcpt], raw)
        elif protocol == "smtp":
            with smtplib.SMTP(host, port, local_hostname="localhost", timeout=timeout) as smtp:
                smtp.sendmail(sender, recipients, raw)
        else:
            raise ValueError(f"mail protocol must be smtp or lmtp, not {protocol!r}")
    except smtplib.SMTPException as exc:
        raise DeliveryError(str(exc)) from exc


def parse_target(text: str, protocol: str = "smtp") -> tuple[str, int, str]:
    """'HOST:PORT' (or 'lmtp://HOST:PORT') -> (host, port, protocol)."""
    if "://" in text:
        protocol, text = text.split("://", 1)
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"expected HOST:PORT, got {text!r}")
    return host, int(port), protocol


# -- the sink ----------------------------------------------------------------------------------------
class MaildirHandler:
    """aiosmtpd handler: every accepted message becomes one file in the Maildir.

    ``keys`` lists the files in the order the mail arrived (a Maildir's own names do not sort so).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: list[str] = []
        mailbox.Maildir(str(path), create=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or (envelope.content if isinstance(envelope.content, bytes)
                                            else str(envelope.content).encode())
        rcpts = ", ".join(str(r) for r in envelope.rcpt_tos)
        trace = f"Return-Path: <{envelope.mail_from}>\r\nDelivered-To: {rcpts}\r\n".encode()
        try:
            key = await asyncio.get_running_loop().run_in_executor(None, self._store, trace + raw)
        except OSError as exc:
            log.error("Maildir %s: %s", self.path, exc)
            return "451 Requested action aborted: cannot store"
        self.keys.append(key)
        return "250 Message accepted for delivery"

    def _store(self, raw: bytes) -> str:
        return mailbox.Maildir(str(self.path), create=True).add(raw)


class _Controller(Controller):
    """aiosmtpd Controller on a socket we bind ourselves (port 0 works), speaking SMTP or LMTP."""

    def __init__(self, handler: Any, host: str, port: int, lmtp: bool) -> None:
        self._sock = socket.create_server((host, port))
        super().__init__(handler, hostname=host, port=self._sock.getsockname()[1], ready_timeout=10)
        self.lmtp = lmtp

    def factory(self) -> SMTP:
        cls = LMTP if self.lmtp else SMTP
        return cls(self.handler, **self.SMTP_kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class MailSink:
    """A loopback SMTP (or LMTP) server filing mail into ``maildir``; ``target`` is what World needs."""

    def __init__(self, maildir: str | Path, host: str = "127.0.0.1", port: int = 0, lmtp: bool = False) -> None:
        self.maildir = Path(maildir)
        self.protocol = "lmtp" if lmtp else "smtp"
        self._handler = MaildirHandler(self.maildir)
        self._controller = _Controller(self._handler, host, port, lmtp)
        self.host = host
        self.port = self._controller.port

    @property
    def target(self) -> tuple[str, int, str]:
        return (self.host, self.port, self.protocol)

    @property
    def delivered(self) -> list[str]:
        """The Maildir keys of the mail received, in the order it arrived."""
        return list(self._handler.keys)

    def start(self) -> Self:
        self._controller.start()
        return self

    def stop(self) -> None:
        try:
            self._controller.stop()
        except (AssertionError, RuntimeError) as exc:  # already stopped
            log.debug("sink stop: %s", exc)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
