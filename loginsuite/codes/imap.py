"""Codes from a real mailbox over IMAP, for sign-ins against the real sites.

Uses imapclient (over imaplib) for what imaplib lacks: IDLE (``idle``/``idle_check`` with a timeout
and parsed pushes), separate connect and read timeouts, parsed FETCH (INTERNALDATE as an aware
datetime) and folder-name encoding. IDLE is used where the server offers it, so a code is seen
when it arrives; otherwise the folder is polled every ``poll_interval`` seconds.

The watermark is the folder's UIDVALIDITY, highest UID and the wall-clock time of the request; only
mail with a higher UID counts (or, should the server renumber the folder, mail received after the
watermark's time). Bodies are fetched with BODY.PEEK so reading never marks a mail read by itself.
Every blocking exchange is bounded by the read timeout and by what is left of the wait.
"""
from __future__ import annotations

import imaplib
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self, TypeVar

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import LoginError

from loginsuite import secrets
from loginsuite.codes import defaults
from loginsuite.codes.base import (
    Arrival,
    CodeRule,
    CodeSourceError,
    MailboxSource,
    MailboxUnavailable,
    MailMatch,
)
from loginsuite.i18n import _
from loginsuite.mailparse import parse_message, sender_address

T = TypeVar("T")
log = logging.getLogger(__name__)
_TRANSIENT = (OSError, imaplib.IMAP4.abort, EOFError)
PREFLIGHT_LOOKBACK = 200  # how many of the folder's newest mails the sender check reads (headers only)


class _NoMailData(logging.Filter):
    """imapclient logs every IMAP line at DEBUG, fetched mails included: a code would reach a DEBUG
    log before it is known (and registered for masking). Lines that carry mail data are cut."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "FETCH" in text or "BODY[" in text or "literal" in text or len(text) > 300:
            record.msg, record.args = "%s", (text[:60] + "… (mail data, not logged)",)
        return True


for _name in ("imapclient.imaplib", "imapclient.imapclient", "imapclient"):
    if not any(isinstance(f, _NoMailData) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_NoMailData())


@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    password: str = field(repr=False)
    port: int | None = None
    use_ssl: bool = True
    folder: str = "INBOX"
    connect_timeout: float = defaults.CONNECT_TIMEOUT_SECONDS
    read_timeout: float = defaults.READ_TIMEOUT_SECONDS
    idle: bool = True  # use IDLE when offered; False polls (BIZD_IMAP_IDLE=0)
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.use_ssl else 143)

    def describe(self) -> str:
        """Where, for messages: folder, host and user; never the password."""
        return _("IMAP folder {folder!r} of {user}@{host}:{port}").format(
            folder=self.folder, user=self.user, host=self.host, port=self.effective_port)


@dataclass(frozen=True)
class ImapMark:
    uidvalidity: int
    last_uid: int
    at: float  # wall-clock seconds of the request: the freshness floor (less the clock-skew allowance)


class ImapSource(MailboxSource):
    def __init__(self, settings: ImapSettings, rule: CodeRule | None = None,
                 poll_interval: float = defaults.POLL_SECONDS, mark_read: bool = False,
                 settle: float = defaults.SETTLE_SECONDS, clock_skew: float = defaults.CLOCK_SKEW_SECONDS) -> None:
        super().__init__(rule, poll_interval, mark_read, settle, clock_skew)
        self.settings = settings
        self.where = settings.describe()
        secrets.register(settings.password, "imap_password")
        self._client: IMAPClient | None = None
        self._uidvalidity = 0
        self._uidnext = 0
        self._cache: dict[tuple[int, int], Arrival] = {}
        self.uses_idle: bool | None = None  # known after the first connection

    # -- connection ---------------------------------------------------------------------------------
    def _remaining(self, limit: float) -> float:
        """``limit``, or less when the wait ends sooner (never below a few milliseconds)."""
        return max(0.05, min(limit, self._deadline - time.monotonic()))

    def _connect(self) -> IMAPClient:
        s = self.settings
        timeout = SocketTimeout(self._remaining(s.connect_timeout), self._remaining(s.read_timeout))
        context = s.ssl_context or (ssl.create_default_context() if s.use_ssl else None)
        try:
            client = IMAPClient(s.host, s.effective_port, ssl=s.use_ssl, ssl_context=context, timeout=timeout)
        except ssl.SSLCertVerificationError as exc:
            raise CodeSourceError(_(
                "{where}: the server's TLS certificate is not trusted ({reason}); check BIZD_IMAP_HOST "
                "(the name must match the certificate)").format(where=self.where, reason=exc.verify_message)) from None
        except ssl.SSLError as exc:
            if "WRONG_VERSION_NUMBER" in str(exc) or "record layer failure" in str(exc):
                raise CodeSourceError(_(
                    "{where}: the server does not speak TLS on port {port} (WRONG_VERSION_NUMBER). For a "
                    "plain IMAP port set BIZD_IMAP_SSL=0 (usually BIZD_IMAP_PORT=143), or set the TLS "
                    "port (usually BIZD_IMAP_PORT=993)").format(where=self.where, port=s.effective_port)) from None
            raise MailboxUnavailable(_("{where}: TLS failed: {error}").format(where=self.where, error=exc)) from None
        except socket.gaierror as exc:
            raise CodeSourceError(_("{where}: unknown host (BIZD_IMAP_HOST={host}): {error}").format(
                where=self.where, host=s.host, error=exc)) from None
        except TimeoutError:
            hint = "" if s.use_ssl else _(
                "; if this is a TLS port (usually 993), set BIZD_IMAP_SSL=1")
            raise MailboxUnavailable(_("{where}: no IMAP greeting within {seconds:.1f}s{hint}").format(
                where=self.where, seconds=timeout.connect, hint=hint)) from None
        except ConnectionRefusedError:
            raise MailboxUnavailable(_(
                "{where}: connection refused (check BIZD_IMAP_HOST and BIZD_IMAP_PORT)").format(
                where=self.where)) from None
        except _TRANSIENT as exc:
            raise MailboxUnavailable(_("cannot reach {where}: {error}").format(where=self.where, error=exc)) from None
        try:
            client.normalise_times = False  # INTERNALDATE as an aware datetime
            client.login(s.user, s.password)
            try:
                selected = client.select_folder(s.folder, readonly=not self.mark_read)
            except imaplib.IMAP4.error as exc:
                raise CodeSourceError(_(
                    "{where}: the folder cannot be opened ({error}); set BIZD_IMAP_FOLDER to one of: "
                    "{folders}").format(where=self.where, error=_reply(exc), folders=self._folders(client))) from None
        except LoginError as exc:
            self._drop(client)
            # The server's reply; it does not echo the password, mask anyway.
            raise CodeSourceError(secrets.mask(_(
                "{where}: the mailbox refused the sign-in ({error}); check BIZD_IMAP_USER and "
                "BIZD_IMAP_PASSWORD").format(where=self.where, error=_reply(exc)))) from None
        except CodeSourceError:
            self._drop(client)
            raise
        except _TRANSIENT as exc:
            self._drop(client)
            raise MailboxUnavailable(_("{where}: connection lost while signing in: {error}").format(
                where=self.where, error=exc)) from None
        self._uidvalidity = int(selected.get(b"UIDVALIDITY", 0))
        self._uidnext = int(selected.get(b"UIDNEXT", 0))
        self.uses_idle = s.idle and bool(client.has_capability("IDLE"))
        return client

    @staticmethod
    def _folders(client: IMAPClient) -> str:
        try:
            return ", ".join(sorted(name for _flags, _sep, name in client.list_folders())) or "-"
        except (imaplib.IMAP4.error, *_TRANSIENT):
            return "?"

    @staticmethod
    def _drop(client: IMAPClient) -> None:
        try:
            client.shutdown()
        except (imaplib.IMAP4.error, *_TRANSIENT):
            pass

    def _session(self) -> IMAPClient:
        if self._client is None:
            self._client = self._connect()
        self._client.socket().settimeout(self._remaining(self.settings.read_timeout))
        return self._client

    def _exchange(self, action: str, call: Callable[[IMAPClient], T]) -> T:
        """One IMAP exchange on the open (or a new) connection; a drop or stall is MailboxUnavailable."""
        try:
            return call(self._session())
        except (*_TRANSIENT, imaplib.IMAP4.error) as exc:
            if isinstance(exc, CodeSourceError):
                raise
            self._recover()
            raise MailboxUnavailable(_("{action} failed on {where}: {error}").format(
                action=action, where=self.where, error=exc or type(exc).__name__)) from None

    def _recover(self) -> None:
        if self._client is not None:
            self._drop(self._client)
            self._client = None

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.socket().settimeout(self._remaining(self.settings.read_timeout))
                self._client.logout()
            except (imaplib.IMAP4.error, *_TRANSIENT):
                self._drop(self._client)
            self._client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bounded(self, seconds: float, action: str, call: Callable[[IMAPClient], T]) -> T:
        """An exchange outside a wait (preflight, watermark), retried once, bounded by ``seconds``."""
        self._deadline = time.monotonic() + seconds
        try:
            try:
                return self._exchange(action, call)
            except MailboxUnavailable:
                return self._exchange(action, call)
        finally:
            self._deadline = float("inf")

    # -- before the sign-in -------------------------------------------------------------------------
    def preflight(self) -> list[str]:
        """Signs in to the mailbox and opens the folder now, so that a mistake stops the run before
        the ID is typed (a wrong code or a timeout would cost the account's one sign-in). Returns
        warnings: earlier code mails the sender filter would reject (a typo in BIZD_CODE_SENDER)."""
        notes = super().preflight()
        s = self.settings
        try:
            notes += self._bounded(s.connect_timeout + s.read_timeout, _("checking the mailbox"), self._sender_check)
        except CodeSourceError as exc:
            raise CodeSourceError(_("mailbox check before signing in failed: {error}").format(error=exc)) from None
        log.info("%s ready (%s)", self.where, "IDLE" if self.uses_idle else f"polling every {self.poll_interval:g}s")
        return notes

    def _sender_check(self, client: IMAPClient) -> list[str]:
        match = self.rule.match
        if not match.sender or match.sender == defaults.ANY:
            return []
        uids = sorted(client.search("ALL"))[-PREFLIGHT_LOOKBACK:]
        if not uids:
            return []
        heads = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]"])
        mails = [parse_message(raw) for data in heads.values() for key, raw in data.items()
                 if key.startswith(b"BODY[HEADER") and isinstance(raw, bytes)]
        same_subject = [m for m in mails if MailMatch(None, match.subject).accepts(m)]
        if not same_subject or any(match.accepts(m) for m in same_subject):
            return []
        senders = ", ".join(sorted({sender_address(m) or "?" for m in same_subject}))
        return [_("the last {n} mail(s) in {where} whose subject contains {subject!r} came from {senders}, none "
                  "from BIZD_CODE_SENDER={sender}: if that is a typo, the code will not be found").format(
            n=len(same_subject), where=self.where, subject=match.subject or "", senders=senders,
            sender=match.sender)]

    def mark(self) -> ImapMark:
        def take(client: IMAPClient) -> ImapMark:
            client.noop()
            return ImapMark(self._uidvalidity, self._highest_uid(client), time.time())
        s = self.settings
        return self._bounded(s.connect_timeout + s.read_timeout, _("taking the watermark"), take)

    def _highest_uid(self, client: IMAPClient) -> int:
        uids = client.search("ALL")
        return max(uids, default=0)

    # -- new mail -----------------------------------------------------------------------------------
    def _uids_after(self, client: IMAPClient, since: ImapMark) -> list[int]:
        client.noop()
        if since.uidvalidity == self._uidvalidity:
            uids = client.search(["UID", f"{since.last_uid + 1}:*"])
            # "n:*" always includes the highest UID, even when it is below n.
            return sorted(u for u in uids if u > since.last_uid)
        # The server renumbered the folder: fall back to the server's receipt time.
        day = datetime.fromtimestamp(since.at - 86400, UTC).date()
        candidates = client.search(["SINCE", day])
        if not candidates:
            return []
        floor = since.at - self.clock_skew
        dates = client.fetch(candidates, ["INTERNALDATE"])
        return sorted(u for u, d in dates.items()
                      if isinstance(d.get(b"INTERNALDATE"), datetime) and _epoch(d[b"INTERNALDATE"]) >= floor)

    def _fetch(self, client: IMAPClient, uids: list[int]) -> None:
        missing = [u for u in uids if (self._uidvalidity, u) not in self._cache]
        if not missing:
            return
        for uid, data in client.fetch(missing, ["INTERNALDATE", "BODY.PEEK[]"]).items():
            raw = data.get(b"BODY[]")
            if not isinstance(raw, bytes):
                continue
            received = data.get(b"INTERNALDATE")
            self._cache[(self._uidvalidity, uid)] = Arrival(
                uid, parse_message(raw), _epoch(received) if isinstance(received, datetime) else None)

    def _new_messages(self, since: object) -> list[Arrival]:
        if not isinstance(since, ImapMark):
            raise TypeError(f"ImapSource needs its own mark(), got {type(since).__name__}")

        def poll(client: IMAPClient) -> list[Arrival]:
            uids = self._uids_after(client, since)
            self._fetch(client, uids)
            return [self._cache[(self._uidvalidity, u)] for u in uids if (self._uidvalidity, u) in self._cache]
        return self._exchange(_("reading new mail"), poll)

    def _wait_for_news(self, until: float) -> None:
        self._exchange(_("waiting for new mail"), lambda c: None)  # connected: IDLE is known
        if not self.uses_idle:
            super()._wait_for_news(until)
            return

        def idle(c: IMAPClient) -> None:
            c.idle()
            try:
                # A push ends the cycle at once. The cycle is at most poll_interval long: a mail filed
                # between the last search and IDLE is not pushed (Dovecot watches from IDLE on), and
                # a silently dead connection shows at the next DONE.
                cycle = min(until - time.monotonic(), self.poll_interval, self.settings.read_timeout)
                c.idle_check(timeout=self._remaining(cycle))
            finally:
                c.socket().settimeout(self._remaining(self.settings.read_timeout))
                c.idle_done()
        self._exchange(_("waiting for new mail (IDLE)"), idle)

    def _set_seen(self, key: object) -> None:
        assert isinstance(key, int)
        self._bounded(self.settings.read_timeout, _("marking the mail read"),
                      lambda c: c.add_flags([key], [b"\\Seen"]))


def _reply(exc: Exception) -> str:
    """The server's words from an imaplib/imapclient error (which often carries them as bytes)."""
    text = str(exc)
    for prefix in ("b'", 'b"'):
        text = text.replace(prefix, "")
    return text.rstrip("'\"")


def _epoch(moment: datetime) -> float:
    if moment.tzinfo is None:  # a server that gives no zone: assume ours
        moment = moment.astimezone()
    return moment.timestamp()

