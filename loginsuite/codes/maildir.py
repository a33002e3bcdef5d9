"""Codes from a Maildir: the mock's mail sink (aiosmtpd writes one), or any local delivery."""
from __future__ import annotations

import mailbox
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from loginsuite.codes import defaults
from loginsuite.codes.base import Arrival, CodeRule, CodeSourceError, MailboxSource
from loginsuite.i18n import _
from loginsuite.mailparse import parse_message


@dataclass(frozen=True)
class MaildirMark:
    """The mails present when the code was requested (anything else is new), and when that was."""

    keys: frozenset[str]
    at: float = field(default_factory=time.time)


class MaildirSource(MailboxSource):
    def __init__(self, path: str | os.PathLike[str], rule: CodeRule | None = None,
                 poll_interval: float = 0.1, mark_read: bool = False,
                 settle: float = 0.0, clock_skew: float = defaults.CLOCK_SKEW_SECONDS) -> None:
        # A local folder is filed at once: no resend can be in flight, so no settle interval by default.
        super().__init__(rule, poll_interval, mark_read, settle, clock_skew)
        self.path = Path(path)
        self.where = f"Maildir {self.path}"

    def preflight(self) -> list[str]:
        notes = super().preflight()
        if not self.path.is_dir():
            raise CodeSourceError(_("BIZD_MAILDIR={path} is not a folder: set BIZD_MAILDIR to the Maildir "
                                    "the code mail is delivered to").format(path=self.path))
        return notes

    def _box(self) -> mailbox.Maildir | None:
        # A fresh object per poll: the sink may create the folder only with its first mail.
        if not (self.path / "new").is_dir():
            return None
        return mailbox.Maildir(self.path, factory=None, create=False)

    def mark(self) -> MaildirMark:
        box = self._box()
        return MaildirMark(frozenset(box.keys()) if box is not None else frozenset())

    def _new_messages(self, since: object) -> list[Arrival]:
        if not isinstance(since, MaildirMark):
            raise TypeError(f"MaildirSource needs its own mark(), got {type(since).__name__}")
        box = self._box()
        if box is None:
            return []
        found: list[Arrival] = []
        for key in box.keys():  # noqa: SIM118 (iterating a Mailbox yields messages, not keys)
            if key in since.keys:
                continue
            try:
                raw = box.get_bytes(key)
                delivered = os.path.getmtime(self.path / box._lookup(key))  # type: ignore[attr-defined]
            except (KeyError, FileNotFoundError):
                continue  # moved or removed between listing and reading
            found.append(Arrival(key, parse_message(raw), delivered))
        found.sort(key=lambda a: (a.received or 0.0, str(a.key)))
        return found

    def _set_seen(self, key: object) -> None:
        box = self._box()
        if box is None or not isinstance(key, str):
            return
        msg = box.get_message(key)
        msg.set_subdir("cur")
        msg.add_flag("S")
        box[key] = msg
