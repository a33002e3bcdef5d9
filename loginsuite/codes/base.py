"""The interface every code source offers, and the poll loop the mailbox sources share.

A walk takes a watermark (``mark()``) *before* pressing 次へ and then waits for a code that arrived
after it, so a code left over from an earlier sign-in is never typed.
"""
from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import Protocol, runtime_checkable

from loginsuite import secrets
from loginsuite.mailparse import (
    DEFAULT_CODE_PATTERN,
    extract_code,
    find_link,
    message_text,
    sender_matches,
    subject_matches,
)


class CodeSourceError(Exception):
    """A code source cannot deliver (misconfigured, no terminal, mailbox unreachable)."""


class CodeTimeout(CodeSourceError, TimeoutError):
    """No matching mail (or answer) arrived in time."""


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
    """Which mails count: sender (address, or @domain), a subject substring, a link with this text;
    None accepts any."""

    sender: str | None = None
    subject: str | None = None
    link: str | None = None

    def accepts(self, msg: EmailMessage) -> bool:
        if self.sender and not sender_matches(msg, self.sender):
            return False
        if self.subject and not subject_matches(msg, self.subject):
            return False
        return not (self.link and find_link(msg, self.link) is None)

    def describe(self) -> str:
        text = f"sender {self.sender or 'any'}, subject containing {self.subject or 'anything'}"
        return text + (f", a link 「{self.link}」" if self.link else "")


@dataclass(frozen=True)
class CodeRule:
    """Where security codes come from: which mails, and the regex that finds the code in their text."""

    match: MailMatch = field(default_factory=MailMatch)
    pattern: str = DEFAULT_CODE_PATTERN

    def code_in(self, msg: EmailMessage) -> str | None:
        if not self.match.accepts(msg):
            return None
        return extract_code(message_text(msg), re.compile(self.pattern, re.DOTALL))


class MailboxSource(ABC):
    """Polls a mailbox for new mail after a watermark; subclasses say how to list and read it."""

    #: How the timeout message names the mailbox (never with a password).
    where: str = "mailbox"

    def __init__(self, rule: CodeRule | None = None, poll_interval: float = 1.0, mark_read: bool = False) -> None:
        self.rule = rule or CodeRule()
        self.poll_interval = max(0.05, poll_interval)
        self.mark_read = mark_read

    @abstractmethod
    def mark(self) -> object: ...

    @abstractmethod
    def _new_messages(self, since: object) -> list[tuple[object, EmailMessage]]:
        """(key, message) of every mail after ``since``, oldest first."""

    def _set_seen(self, key: object) -> None:
        """Marks the mail read; sources that cannot simply ignore it."""

    def _wait(self, since: object, pick: Callable[[EmailMessage], object | None], what: str,
              describe: str, timeout: float) -> tuple[EmailMessage, object]:
        started = time.monotonic()
        deadline = started + timeout
        seen = 0
        while True:
            new = self._new_messages(since)
            seen = len(new)
            for key, msg in reversed(new):  # newest first
                found = pick(msg)
                if found is not None:
                    if self.mark_read:
                        self._set_seen(key)
                    return msg, found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CodeTimeout(
                    f"no {what} in {self.where} ({describe}) within {time.monotonic() - started:.1f}s "
                    f"(timeout {timeout:g}s; {seen} other new mail(s) after the watermark)")
            time.sleep(min(self.poll_interval, remaining))

    def wait_for_code(self, since: object, timeout: float = 120) -> str:
        _, code = self._wait(since, self.rule.code_in, "security code mail",
                             f"{self.rule.match.describe()}, code pattern {self.rule.pattern!r}", timeout)
        assert isinstance(code, str)
        secrets.register(code, "code")
        return code

    def wait_for_mail(self, since: object, match: MailMatch | Callable[[EmailMessage], bool],
                      timeout: float = 120) -> EmailMessage:
        accepts = match.accepts if isinstance(match, MailMatch) else match
        describe = match.describe() if isinstance(match, MailMatch) else getattr(match, "__name__", "custom match")
        msg, _ = self._wait(since, lambda m: True if accepts(m) else None, "matching mail", describe, timeout)
        return msg


def wait_for_link(source: MailSource, since: object, match: MailMatch, label: str, timeout: float = 120) -> str:
    """The URL behind ``label`` in the newest matching mail after ``since`` (the Josys invitation's
    「招待を承諾する」): href from the HTML part, else the URL beside the label in the text."""
    msg = source.wait_for_mail(since, replace(match, link=label), timeout)
    link = find_link(msg, label)
    assert link is not None
    return link
