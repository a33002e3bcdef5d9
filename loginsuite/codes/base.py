"""The interface every code source offers, and the wait loop the mailbox sources share.

A walk takes a watermark (``mark()``) *before* pressing 次へ and then waits for a code that arrived
after it. A mail counts only if it is new to the mailbox since the watermark, fresh (neither its
Date header nor the server's receipt time is older than the watermark, less a stated clock-skew
allowance), and from the configured sender with the configured subject. After the first such mail
the loop waits a short settle interval for a resend and returns the newest code. The timeout is a
hard upper bound: a dropped or stalled mailbox is retried until then, never past it.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Protocol, runtime_checkable

from loginsuite import secrets
from loginsuite.codes.defaults import ANY, CLOCK_SKEW_SECONDS, SETTLE_SECONDS
from loginsuite.i18n import _
from loginsuite.mailparse import (
    DEFAULT_CODE_PATTERN,
    extract_code,
    find_link,
    message_text,
    sender_matches,
    subject_matches,
)

log = logging.getLogger(__name__)


class CodeSourceError(Exception):
    """A code source cannot deliver (misconfigured, no terminal, mailbox unreachable)."""


class CodeTimeout(CodeSourceError, TimeoutError):
    """No matching mail (or answer) arrived in time."""


class MailboxUnavailable(CodeSourceError):
    """The mailbox dropped, refused or stalled the connection: worth retrying until the deadline."""


@runtime_checkable
class CodeSource(Protocol):
    def mark(self) -> object:
        """A watermark, taken before the code is requested."""
        ...

    def wait_for_code(self, since: object, timeout: float = 120) -> str:
        """The newest security code that arrived after ``since``."""
        ...


@runtime_checkable
class MailSource(CodeSource, Protocol):
    def wait_for_mail(self, since: object, match: MailMatch | Callable[[EmailMessage], bool],
                      timeout: float = 120) -> EmailMessage:
        """The newest mail after ``since`` that ``match`` accepts."""
        ...


@dataclass(frozen=True)
class MailMatch:
    """Which mails count: sender (address, or @domain), a subject substring, a link with this text.
    None accepts any; ``*`` (defaults.ANY) too, but says the user chose it."""

    sender: str | None = None
    subject: str | None = None
    link: str | None = None

    def accepts(self, msg: EmailMessage) -> bool:
        if self.sender and self.sender != ANY and not sender_matches(msg, self.sender):
            return False
        if self.subject and self.subject != ANY and not subject_matches(msg, self.subject):
            return False
        return not (self.link and find_link(msg, self.link) is None)

    def describe(self) -> str:
        sender = self.sender if self.sender and self.sender != ANY else _("any")
        subject = self.subject if self.subject and self.subject != ANY else _("anything")
        text = _("sender {sender}, subject containing {subject}").format(sender=sender, subject=subject)
        return text + (_(", a link 「{label}」").format(label=self.link) if self.link else "")


@dataclass(frozen=True)
class CodeRule:
    """Where security codes come from: which mails, and the regex that finds the code in their text."""

    match: MailMatch = field(default_factory=MailMatch)
    pattern: str = DEFAULT_CODE_PATTERN

    def code_in(self, msg: EmailMessage) -> str | None:
        if not self.match.accepts(msg):
            return None
        return extract_code(message_text(msg), re.compile(self.pattern, re.DOTALL))


@dataclass(frozen=True)
class Arrival:
    """A mail new to the mailbox since a watermark. ``key`` orders arrivals and names the mail to the
    source; ``received`` is when the server filed it (IMAP INTERNALDATE, Maildir file time)."""

    key: object
    msg: EmailMessage
    received: float | None = None

    @property
    def sent(self) -> float | None:
        """The Date header as epoch seconds (None when missing or unreadable)."""
        value = self.msg.get("Date")
        if value is None:
            return None
        try:
            moment = getattr(value, "datetime", None) or parsedate_to_datetime(str(value))
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            return None  # a Date without a zone cannot be compared with our clock
        return float(moment.timestamp())


@dataclass
class _Tally:
    """What the wait saw, for the timeout message (never a code)."""

    new: int = 0
    stale: int = 0
    outage: str = ""


class MailboxSource(ABC):
    """Waits on a mailbox for new mail after a watermark; subclasses say how to list and read it."""

    #: How messages name the mailbox (never with a password).
    where: str = "mailbox"

    def __init__(self, rule: CodeRule | None = None, poll_interval: float = 1.0, mark_read: bool = False,
                 settle: float = SETTLE_SECONDS, clock_skew: float = CLOCK_SKEW_SECONDS) -> None:
        self.rule = rule or CodeRule()
        self.poll_interval = max(0.05, poll_interval)
        self.mark_read = mark_read
        self.settle = max(0.0, settle)
        self.clock_skew = max(0.0, clock_skew)
        self._deadline = float("inf")
        self._interrupt = threading.Event()

    @abstractmethod
    def mark(self) -> object: ...

    @abstractmethod
    def _new_messages(self, since: object) -> list[Arrival]:
        """Every mail new since ``since``, in arrival order; MailboxUnavailable if the box is away."""

    def _set_seen(self, key: object) -> None:
        """Marks the mail read; sources that cannot simply ignore it."""

    def _wait_for_news(self, until: float) -> None:
        """Returns when new mail may have arrived, at the latest at ``until`` (monotonic): polling
        here; a server that pushes (IMAP IDLE) returns sooner."""
        self._pause(min(until, time.monotonic() + self.poll_interval))

    def _recover(self) -> None:
        """Forget a broken connection; the next call reconnects."""

    def _pause(self, until: float) -> None:
        self._interrupt.wait(max(0.0, until - time.monotonic()))

    def preflight(self) -> list[str]:
        """Checks what can be checked before the code is requested (the filters); raises on a
        mistake, returns warnings."""
        if self.rule.match.sender is None:
            raise CodeSourceError(_(
                "no sender filter for the security code mail: any mail with a code, a look-alike "
                "sender's too, would be typed. Set BIZD_CODE_SENDER to the sender's address or @domain "
                "(see .env.example), or BIZD_CODE_SENDER=* to accept any sender on purpose"))
        return []

    # -- the wait -----------------------------------------------------------------------------------
    def _fresh(self, arrival: Arrival, since: object) -> bool:
        requested = getattr(since, "at", None)
        if requested is None:
            return True
        floor = requested - self.clock_skew
        return all(moment is None or moment >= floor for moment in (arrival.received, arrival.sent))

    def _wait(self, since: object, pick: Callable[[EmailMessage], object | None], what: str,
              describe: str, timeout: float) -> tuple[EmailMessage, object]:
        started = time.monotonic()
        self._deadline = deadline = started + timeout
        best: tuple[tuple[float, int], Arrival, object] | None = None
        settle_until = deadline
        tally = _Tally()
        backoff = 0.1
        try:
            while True:
                try:
                    arrivals = self._new_messages(since)
                    tally.outage, backoff = "", 0.1
                except MailboxUnavailable as exc:
                    self._recover()
                    tally.outage, arrivals = str(exc), []
                    log.info("%s unavailable, retrying until the timeout: %s", self.where, exc)
                if arrivals:
                    tally.new = len(arrivals)
                    found = self._newest(arrivals, since, pick, tally)
                    if found is not None:
                        if best is None:
                            settle_until = min(deadline, time.monotonic() + self.settle)
                        best = found
                now = time.monotonic()
                if best is not None and now >= settle_until:
                    break
                if now >= deadline:
                    if best is not None:
                        break
                    raise CodeTimeout(self._timeout_message(what, describe, timeout, now - started, tally))
                if tally.outage:
                    self._pause(min(settle_until, now + backoff))
                    backoff = min(backoff * 2, max(self.poll_interval, 0.1))
                    continue
                try:
                    self._wait_for_news(settle_until)
                except MailboxUnavailable as exc:
                    self._recover()
                    tally.outage = str(exc)
        finally:
            self._deadline = float("inf")
        _, arrival, value = best
        if self.mark_read:
            try:
                self._set_seen(arrival.key)
            except CodeSourceError as exc:
                log.warning("could not mark the code mail read in %s: %s", self.where, exc)
        return arrival.msg, value

    def _newest(self, arrivals: list[Arrival], since: object, pick: Callable[[EmailMessage], object | None],
                tally: _Tally) -> tuple[tuple[float, int], Arrival, object] | None:
        """The newest accepted arrival: by the sender's Date (a resend is newer even when delivered
        first), then by arrival order."""
        candidates = []
        tally.stale = 0
        for order, arrival in enumerate(arrivals):
            value = pick(arrival.msg)
            if value is None:
                continue
            if not self._fresh(arrival, since):
                tally.stale += 1
                continue
            moment = arrival.sent if arrival.sent is not None else (arrival.received or 0.0)
            candidates.append(((moment, order), arrival, value))
        return max(candidates, key=lambda c: c[0]) if candidates else None

    def _timeout_message(self, what: str, describe: str, timeout: float, waited: float, tally: _Tally) -> str:
        text = _("no {what} in {where} ({describe}) within {waited:.1f}s (timeout {timeout:g}s; "
                 "{new} new mail(s) after the watermark, {stale} of them matching but older than the "
                 "request by more than the {skew:g}s clock-skew allowance)").format(
            what=what, where=self.where, describe=describe, waited=waited, timeout=timeout, new=tally.new,
            stale=tally.stale, skew=self.clock_skew)
        if tally.outage:
            text += _("; the mailbox was unavailable at the end: {error}").format(error=tally.outage)
        return text

    def wait_for_code(self, since: object, timeout: float = 120) -> str:
        _msg, code = self._wait(since, self.rule.code_in, _("security code mail"),
                                _("{match}, code pattern {pattern!r}").format(
                                    match=self.rule.match.describe(), pattern=self.rule.pattern), timeout)
        assert isinstance(code, str)
        secrets.register(code, "code")
        return code

    def wait_for_mail(self, since: object, match: MailMatch | Callable[[EmailMessage], bool],
                      timeout: float = 120) -> EmailMessage:
        accepts = match.accepts if isinstance(match, MailMatch) else match
        describe = match.describe() if isinstance(match, MailMatch) else getattr(match, "__name__", "custom match")
        msg, _value = self._wait(since, lambda m: True if accepts(m) else None, _("matching mail"), describe,
                                 timeout)
        return msg


def wait_for_link(source: MailSource, since: object, match: MailMatch, label: str, timeout: float = 120) -> str:
    """The URL behind ``label`` in the newest matching mail after ``since`` (the Josys invitation's
    「招待を承諾する」): href from the HTML part, else the URL beside the label in the text."""
    msg = source.wait_for_mail(since, replace(match, link=label), timeout)
    link = find_link(msg, label)
    assert link is not None
    return link
