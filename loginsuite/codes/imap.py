"""Codes from a real mailbox over IMAP (stdlib imaplib), for sign-ins against the real sites.

The watermark is the mailbox's UIDVALIDITY and highest UID when the code is requested; only mail
with a higher UID counts (or, should the server renumber the mailbox, mail delivered after the
watermark's time). Bodies are fetched with BODY.PEEK so reading never marks a mail read by itself.
"""
from __future__ import annotations

import imaplib
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Self, TypeVar

from loginsuite import secrets
from loginsuite.codes.base import CodeRule, CodeSourceError, MailboxSource
from loginsuite.mailparse import parse_message

T = TypeVar("T")
_UID = re.compile(rb"\bUID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    password: str = field(repr=False)
    port: int | None = None
    use_ssl: bool = True
    folder: str = "INBOX"
    connect_timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.use_ssl else 143)

    def describe(self) -> str:
        """Where, for messages: folder, host and user; never the password."""
        return f"IMAP folder {self.folder!r} of {self.user}@{self.host}:{self.effective_port}"


@dataclass(frozen=True)
class ImapMark:
    uidvalidity: int
    last_uid: int
    at: float  # wall-clock seconds, used only if UIDVALIDITY changed


def _quoted(folder: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./-]+", folder):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSource(MailboxSource):
    def __init__(self, settings: ImapSettings, rule: CodeRule | None = None, poll_interval: float = 2.0,
                 mark_read: bool = False) -> None:
        super().__init__(rule, poll_interval, mark_read)
        self.settings = settings
        self.where = settings.describe()
        secrets.register(settings.password, "imap_password")
        self._conn: imaplib.IMAP4 | None = None
        self._uidvalidity = 0
        self._cache: dict[int, EmailMessage] = {}

    # -- connection ---------------------------------------------------------------------------------
    def _connect(self) -> imaplib.IMAP4:
        s = self.settings
        try:
            if s.use_ssl:
                context = s.ssl_context or ssl.create_default_context()
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(s.host, s.effective_port, ssl_context=context,
                                                        timeout=s.connect_timeout)
            else:
                conn = imaplib.IMAP4(s.host, s.effective_port, timeout=s.connect_timeout)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise CodeSourceError(f"cannot reach {self.where}: {exc}") from None
        try:
            conn.login(s.user, s.password)
            typ, _ = conn.select(_quoted(s.folder), readonly=not self.mark_read)
            if typ != "OK":
                raise CodeSourceError(f"cannot open {self.where}: the folder does not exist or is not selectable")
        except imaplib.IMAP4.error as exc:
            conn.shutdown()
            # imaplib's error text is the server's reply; it does not echo the password, mask anyway.
            raise CodeSourceError(secrets.mask(f"cannot sign in to {self.where}: {exc}")) from None
        _, data = conn.response("UIDVALIDITY")
        self._uidvalidity = int(data[0]) if data and data[0] else 0
        return conn

    def _session(self) -> imaplib.IMAP4:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _retry(self, action: str, call: Callable[[imaplib.IMAP4], T]) -> T:
        """Runs one IMAP exchange, reconnecting once if the server dropped the connection."""
        for attempt in (1, 2):
            try:
                return call(self._session())
            except (imaplib.IMAP4.abort, OSError) as exc:
                self.close()
                if attempt == 2:
                    raise CodeSourceError(f"{action} failed on {self.where}: {exc}") from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- watermark and new mail ---------------------------------------------------------------------
    @staticmethod
    def _highest_uid(conn: imaplib.IMAP4) -> int:
        try:
            typ, data = conn.uid("FETCH", "*", "(UID)")
        except imaplib.IMAP4.error:  # an empty folder has no "*"
            return 0
        if typ != "OK":
            return 0
        uids = [int(m.group(1)) for item in data if isinstance(item, bytes) for m in [_UID.search(item)] if m]
        return max(uids, default=0)

    def mark(self) -> ImapMark:
        def take(conn: imaplib.IMAP4) -> ImapMark:
            conn.noop()
            return ImapMark(self._uidvalidity, self._highest_uid(conn), time.time())
        return self._retry("taking the watermark", take)

    def _uids_after(self, conn: imaplib.IMAP4, since: ImapMark) -> list[int]:
        conn.noop()
        if since.uidvalidity == self._uidvalidity:
            typ, data = conn.uid("SEARCH", f"UID {since.last_uid + 1}:*")
            uids = [int(u) for u in (data[0] or b"").split()] if typ == "OK" else []
            # "n:*" always includes the highest UID, even when it is below n.
            return sorted(u for u in uids if u > since.last_uid)
        # The server renumbered the folder: fall back to delivery time.
        day = time.strftime("%d-%b-%Y", time.gmtime(since.at - 86400))
        typ, data = conn.uid("SEARCH", f"SINCE {day}")
        candidates = [int(u) for u in (data[0] or b"").split()] if typ == "OK" else []
        if not candidates:
            return []
        typ, data = conn.uid("FETCH", ",".join(map(str, candidates)), "(UID INTERNALDATE)")
        after = []
        for item in data:
            if isinstance(item, bytes) and (uid := _UID.search(item)) and (date := _INTERNALDATE.search(item)):
                parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + date.group(1) + b'"')
                if parsed is not None and time.mktime(parsed) >= since.at - 1:
                    after.append(int(uid.group(1)))
        return sorted(after)

    def _fetch(self, conn: imaplib.IMAP4, uids: list[int]) -> None:
        missing = [u for u in uids if u not in self._cache]
        if not missing:
            return
        typ, data = conn.uid("FETCH", ",".join(map(str, missing)), "(UID BODY.PEEK[])")
        if typ != "OK":
            return
        for item in data:
            if isinstance(item, tuple) and (uid := _UID.search(item[0])):
                self._cache[int(uid.group(1))] = parse_message(item[1])

    def _new_messages(self, since: object) -> list[tuple[object, EmailMessage]]:
        if not isinstance(since, ImapMark):
            raise TypeError(f"ImapSource needs its own mark(), got {type(since).__name__}")

        def poll(conn: imaplib.IMAP4) -> list[tuple[object, EmailMessage]]:
            uids = self._uids_after(conn, since)
            self._fetch(conn, uids)
            return [(u, self._cache[u]) for u in uids if u in self._cache]
        return self._retry("polling", poll)

    def _set_seen(self, key: object) -> None:
        self._retry("marking the mail read", lambda conn: conn.uid("STORE", str(key), "+FLAGS", r"(\Seen)"))
